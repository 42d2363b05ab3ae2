/**
 * scripts/check-test-tools.mjs, `npm test`'s first step: on a machine without the test programs it stops at once with
 * one line naming the Debian packages; with them it passes. The programs are stand-ins in a temporary folder (PATH,
 * SER_CHROMIUM and SER_PG_BIN point there), so the test says the same on any machine.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from '../helpers/run-ser'
import { tempDir } from '../helpers/temp-dir'

const SCRIPT = join(REPO, 'scripts', 'check-test-tools.mjs')
const tmp = tempDir('ser-tools-')
afterAll(() => tmp.cleanup())

function fakeProgram(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\nexit 0\n')
  chmodSync(path, 0o755)
  return path
}

function check(env: Record<string, string>) {
  return spawnSync(process.execPath, [SCRIPT], { env: { HOME: tmp.dir, ...env }, encoding: 'utf8', cwd: REPO })
}

describe('the test tools preflight', () => {
  it('with nothing installed: exit 1 and one line naming every Debian package to install', () => {
    const empty = join(tmp.dir, 'empty')
    mkdirSync(empty, { recursive: true })
    const r = check({ PATH: empty, SER_CHROMIUM: join(empty, 'chromium'), SER_PG_BIN: empty })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('sudo apt-get install sox praat python3 chromium postgresql')
  })

  it('names only what is missing', () => {
    const bin = join(tmp.dir, 'some')
    for (const p of ['sox', 'python3']) fakeProgram(bin, p)
    const chromium = fakeProgram(bin, 'chromium-browser')
    const r = check({ PATH: bin, SER_CHROMIUM: chromium, SER_PG_BIN: join(tmp.dir, 'no-pg') })
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('`sudo apt-get install praat postgresql`')
  })

  it('with every program present: exit 0, silent', () => {
    const bin = join(tmp.dir, 'all')
    for (const p of ['sox', 'praat', 'python3']) fakeProgram(bin, p)
    const pg = join(tmp.dir, 'pg-bin')
    for (const p of ['initdb', 'pg_ctl']) fakeProgram(pg, p)
    const r = check({ PATH: bin, SER_CHROMIUM: fakeProgram(bin, 'chromium'), SER_PG_BIN: pg })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('is the first step of npm test, and .ci/run installs every package it names', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))
    expect(pkg.scripts.test).toMatch(/^node scripts\/check-test-tools\.mjs && /)
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8')
    const apt = ci.split('\n').find((l) => l.includes('apt-get install'))!
    for (const p of ['sox', 'praat', 'python3', 'chromium', 'postgresql']) expect(apt.split(/\s+/)).toContain(p)
  })
})
