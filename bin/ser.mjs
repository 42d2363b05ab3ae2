#!/usr/bin/env node
// The `ser` command (package.json bin). Runs the bundled CLI that `npm install` (prepare) or `npm run build` writes.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('ser: the CLI is not built yet; run `npm run build` in the repository first\n')
  process.exit(2)
}
await import(pathToFileURL(cli).href)
