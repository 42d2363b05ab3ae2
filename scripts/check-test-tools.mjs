#!/usr/bin/env node
/**
 * `npm test`'s first step: within a second, checks that the programs the tests run are installed, and if any is not,
 * stops with one line naming the Debian packages to install (`.ci/run` installs the same list on a fresh machine).
 * Nothing is installed from here: a test command that asks for a sudo password half-way would be worse.
 * SER_CHROMIUM and SER_PG_BIN point at a Chromium and a PostgreSQL bin folder elsewhere, as the tests' helpers read them.
 */
import { accessSync, constants, existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

function executable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, name)))
}

/** initdb and pg_ctl: in SER_PG_BIN when set, else in a Debian postgresql bin folder or on PATH */
function postgres() {
  const both = (dir) => executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl'))
  if (process.env.SER_PG_BIN) return both(process.env.SER_PG_BIN)
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian) ? readdirSync(debian) : []
  return versions.some((v) => both(join(debian, v, 'bin'))) || (onPath('initdb') && onPath('pg_ctl'))
}

/** What the tests run, each with the Debian package that provides it */
export const TOOLS = [
  { what: 'sox', pkg: 'sox', found: () => onPath('sox') }, // reference readings of audio, FLAC fixtures
  { what: 'praat', pkg: 'praat', found: () => onPath('praat') }, // TextGrids read back by Praat itself
  { what: 'python3', pkg: 'python3', found: () => onPath('python3') }, // EAF files parsed by another XML parser
  { what: 'chromium', pkg: 'chromium', found: () => executable(process.env.SER_CHROMIUM ?? '/usr/bin/chromium') },
  { what: 'initdb and pg_ctl', pkg: 'postgresql', found: postgres } // the team engine's tests
]

const missing = TOOLS.filter((t) => !t.found())
if (missing.length > 0) {
  const pkgs = missing.map((t) => t.pkg).join(' ')
  console.error(
    `npm test needs ${missing.map((t) => t.what).join(', ')}: install with \`sudo apt-get install ${pkgs}\` ` +
      '(or run .ci/run, which installs them), then run npm test again'
  )
  process.exit(1)
}
