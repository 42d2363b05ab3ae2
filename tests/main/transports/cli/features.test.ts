/**
 * `ser features` through the built CLI (npx --no-install ser …), as users and the acceptance check run it.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audioPath, readKaldiCsv, REFERENCE_AUDIO } from '../../services/features/reference-data'

const root = resolve(__dirname, '../../../..')
let dir: string

function ser(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no-install', 'ser', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.replace(/^npm warn.*\n/gm, '') }
}

function readCsv(path: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n')
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) }
}

beforeAll(() => {
  execFileSync('flock', ['/tmp/ser-build.lock', 'npx', 'electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
  dir = mkdtempSync(join(tmpdir(), 'ser-features-cli-'))
}, 300_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ser features FILE', () => {
  it('writes the Kaldi fbank of a 44.1 kHz stereo file (channel 0): header of names, no index column', () => {
    const stem = 's02_enus_female_happy_44k1_stereo_pcm16'
    const out = join(dir, 'fbank40.csv')
    const r = ser('features', audioPath(stem), '--kind', 'fbank', '--num-mel-bins', '40', '--dither=0', '--out', out)
    expect(r.status).toBe(0)
    const csv = readCsv(out)
    const ref = readKaldiCsv(stem, 'fbank40')
    expect(csv.header).toEqual(Array.from({ length: 40 }, (_, i) => `fb${i}`))
    expect(csv.rows.length).toBe(ref.rows.length)
    // both files print float32 values (ours the shortest round-trip form, the reference %.9g): read back as
    // float32 they are the same numbers
    let differ = 0
    csv.rows.forEach((row, t) =>
      row.forEach((v, c) => (differ += Math.fround(v) === Math.fround(ref.rows[t][c]) ? 0 : 1))
    )
    expect(differ).toBe(0)
  })

  it('takes every Kaldi flag, --opt value and --opt=value alike', () => {
    const out = join(dir, 'mfcc.csv')
    const r = ser(
      'features',
      audioPath('s05_enus_male_angry_8k_pcm16'),
      '--kind',
      'mfcc',
      '--out',
      out,
      '--num-mel-bins',
      '23',
      '--num-ceps=13',
      '--use-energy',
      'false',
      '--dither',
      '0',
      '--preemphasis-coefficient',
      '0.97',
      '--window-type=povey',
      '--frame-length',
      '25',
      '--frame-shift=10',
      '--low-freq',
      '20',
      '--high-freq=0',
      '--snip-edges',
      'true',
      '--cepstral-lifter',
      '22',
      '--remove-dc-offset=true',
      '--energy-floor',
      '0',
      '--raw-energy',
      'true'
    )
    expect(r.stderr).toBe(`${audioPath('s05_enus_male_angry_8k_pcm16')}: wrote ${out}\n`)
    const csv = readCsv(out)
    expect(csv.header[0]).toBe('c0')
    const ref = readKaldiCsv('s05_enus_male_angry_8k_pcm16', 'mfcc13_c0')
    expect(csv.rows.length).toBe(ref.rows.length)
    expect(Math.abs(csv.rows[100][3] - ref.rows[100][3])).toBeLessThan(1e-5)
  })

  it('snip-edges false adds the reflected edge frames', () => {
    const out = join(dir, 'nosnip.csv')
    expect(
      ser(
        'features',
        audioPath('s01_enus_male_neutral_16k_pcm16'),
        '--kind',
        'fbank',
        '--snip-edges',
        'false',
        '--out',
        out
      ).status
    ).toBe(0)
    expect(readCsv(out).rows.length).toBe(Math.floor((60339 + 80) / 160))
  })

  it.each([
    [['--kind', 'fbank', '--num-mel-bins', 'many'], /--num-mel-bins: expected an integer, got 'many'/],
    [['--kind', 'fbank', '--use-energy', 'yes'], /--use-energy: expected true or false/],
    [['--kind', 'fbank', '--low-freq', '9000'], /--low-freq: /],
    [['--kind', 'fbank', '--window-type', 'kaiser'], /--window-type/],
    [['--kind', 'cochleagram'], /--kind: expected one of/],
    [['--kind', 'mfcc', '--num-ceps', '40'], /--num-ceps: must be an integer from 1 to num-mel-bins \(23\)/]
  ])('exits 2 with one line naming the flag: %j', (args, message) => {
    const r = ser('features', audioPath('s01_enus_male_neutral_16k_pcm16'), ...args, '--out', join(dir, 'x.csv'))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('exits 2 naming the file when it cannot be read', () => {
    const r = ser('features', join(dir, 'missing.wav'), '--kind', 'fbank', '--out', join(dir, 'x.csv'))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/missing\.wav: cannot read/)
  })
})

describe('ser features --all', () => {
  it('computes and caches for the whole corpus; a second run is served from the cache', () => {
    const corpus = join(dir, 'corpus')
    mkdirSync(corpus)
    for (const stem of REFERENCE_AUDIO) cpSync(audioPath(stem), join(corpus, `${stem}.wav`))
    const db = join(dir, 'index.db')
    expect(ser('import', 'folder', corpus, '--db', db, '--json').status).toBe(0)
    const first = ser('features', '--all', '--kind', 'logmel', '--db', db, '--json')
    expect(first.status).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ kind: 'logmel', computed: 8, cached: 0, failed: [] })
    const second = ser('features', '--all', '--kind', 'logmel', '--db', db, '--json')
    expect(JSON.parse(second.stdout)).toMatchObject({ kind: 'logmel', computed: 0, cached: 8, failed: [] })
    expect(ser('features', '--all', '--kind', 'fbank', '--db', db).status).toBe(2)
  })
})
