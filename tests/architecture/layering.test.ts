import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from '../helpers/run-ser'
import type { SourceFile } from './layering-rules'
import { importsOf, layeringViolations } from './layering-rules'

function sources(): SourceFile[] {
  return readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|vue|mts|cts)$/.test(f))
    .map((f) => {
      const path = `src/${f.split('\\').join('/')}`
      return { path, text: readFileSync(join(REPO, path), 'utf8') }
    })
}

describe('layering', () => {
  it('src/ keeps the layout’s import rules', () => {
    const files = sources()
    expect(files.length).toBeGreaterThan(50)
    expect(layeringViolations(files)).toEqual([])
  })

  it('finds import specifiers in every form, and none in comments', () => {
    const text = [
      "import { a } from './a'",
      "import type { B } from '../b'",
      "import './side-effect'",
      "export * from './all'",
      "export { c } from './c'",
      "const d = await import('./d')",
      "const e = require('e')",
      "// import { f } from 'electron'",
      "/* import g from 'fs' */"
    ].join('\n')
    expect(importsOf(text)).toEqual(['./a', '../b', './side-effect', './all', './c', './d', 'e'])
  })

  it.each([
    ['src/main/services/x.ts', "import { app } from 'electron'", /only src\/main\/shell/],
    ['src/main/transports/web/x.ts', "import { ipcMain } from 'electron/main'", /only src\/main\/shell/],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'", /only src\/main\/shell/],
    ['src/shared/api/x.ts', "import { readFileSync } from 'node:fs'", /src\/shared imports only/],
    ['src/shared/api/x.ts', "import { join } from 'path'", /src\/shared imports only/],
    ['src/shared/api/x.ts', "import { ref } from 'vue'", /src\/shared imports only/],
    [
      'src/shared/api/x.ts',
      "import type { Services } from '../../main/services/create-services'",
      /src\/shared imports only/
    ],
    ['src/renderer/src/x.ts', "import { readFileSync } from 'node:fs'", /no Node modules/],
    ['src/renderer/src/x.ts', "import { createHash } from 'crypto'", /no Node modules/],
    [
      'src/renderer/src/stores/x.ts',
      "import { createServices } from '../../../main/services/create-services'",
      /only through its ApiClient/
    ],
    ['src/renderer/src/x.ts', "import type { SerBridge } from '../../preload/index.d'", /only through its ApiClient/],
    ['src/main/shell/preload.ts', "import { readFileSync } from 'node:fs'", /only electron and the contract/],
    [
      'src/main/shell/preload.ts',
      "import { createServices } from '../services/create-services'",
      /only electron and the contract/
    ],
    ['src/main/services/x.ts', "import { startWebServer } from '../transports/web/web-server'", /no transport/],
    ['src/main/transports/x.ts', "import { registerIpc } from '../shell/ipc'", /do not depend on the Electron shell/],
    ['src/main/services/labels/x.ts', "import { parseCategory } from '../corpus/importers/folder'", /corpus importers/],
    ['src/main/services/training/x.ts', "import { argMax } from '../evaluation/metrics'", /below evaluation/],
    ['src/main/services/baseline/x.ts', "import type { RunSource } from '../evaluation/stored-run'", /below evaluation/]
  ])('flags %s: %s', (path, text, why) => {
    const problems = layeringViolations([{ path, text }])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(why)
  })

  it.each([
    ['src/main/shell/index.ts', "import { app } from 'electron'"],
    ['src/main/shell/preload.ts', "import { contextBridge } from 'electron'"],
    ['src/main/shell/preload.ts', "import { isMethodName } from '../../shared/api'"],
    ['src/shared/api/x.ts', "import { z } from 'zod'"],
    ['src/renderer/src/x.ts', "import type { Req } from '@shared/api'"],
    ['src/renderer/src/x.ts', "import { ref } from 'vue'"],
    ['src/main/transports/x.ts', "import { createServices } from '../services/create-services'"],
    ['src/main/services/labels/x.ts', "import { parseCategory } from '../../../shared/domain/categories'"],
    ['src/main/services/training/x.ts', "import { argMax } from '../metrics/metrics'"],
    ['src/main/services/baseline/x.ts', "import { loadStoredRun } from '../training/stored-run'"],
    ['src/main/services/evaluation/x.ts', "import { foldUnit } from '../training/folds'"]
  ])('allows %s: %s', (path, text) => {
    expect(layeringViolations([{ path, text }])).toEqual([])
  })
})
