/**
 * Hostile and careless corpus folders (issue 15 items 2, 3, 5, 7, 8): FIFOs and sockets named `*.wav`, symbolic
 * links in and out of the corpus, file names that are not UTF-8, ids that collide by case or extension, ids over
 * the length limit, headers claiming absurd sample rates, and manifests with near-miss words and hex numbers. Each
 * is named in `skipped` with its reason; the import finishes and the rest is imported.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSkip, ImportSummary } from '../../../../src/shared/api/corpus'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { decodeSpectrogram } from '../../../../src/main/services/features/spectrogram'
import { encodeWav } from '../../../../src/main/services/audio/wav-encoder'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { writeDemoCorpus } from '../../../../src/main/services/demo/demo-corpus'
import { tempDir } from '../../../helpers/temp-dir'

let tmp: { dir: string; cleanup: () => void }
let s: Services
const servers: Server[] = []
beforeEach(() => {
  tmp = tempDir('ser-hostile-')
  s = createServices({ dbPath: join(tmp.dir, 'index.db') })
})
afterEach(() => {
  for (const srv of servers.splice(0)) srv.close()
  s.close()
  tmp.cleanup()
})

function tone(rate = 16000, seconds = 0.3): Buffer {
  const x = new Float32Array(Math.round(rate * seconds))
  for (let t = 0; t < x.length; t++) x[t] = 0.3 * Math.sin((2 * Math.PI * 220 * t) / rate)
  return Buffer.from(encodeWav([x], rate))
}

/** A WAV whose fmt chunk claims `rate` (and the matching byte rate) over 16 kHz samples */
function claimingRate(rate: number, bytes = 32 * 1024): Buffer {
  const b = tone(16000, (bytes - 44) / 2 / 16000)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(Math.min(rate * 2, 0xffffffff), 28)
  return b
}

/** Import with a deadline: a blocked open (FIFO) must not hang the test run */
async function importWithin(
  req: Parameters<Services['importer']['importCorpus']>[0],
  ms = 20_000
): Promise<ImportSummary> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`import did not finish within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([s.importer.importCorpus(req), deadline])
  } finally {
    clearTimeout(timer)
  }
}

function skipOf(skipped: ImportSkip[], path: string): ImportSkip | undefined {
  return skipped.find((k) => k.path === path)
}

async function socketAt(path: string): Promise<void> {
  const srv = createServer()
  servers.push(srv)
  await new Promise<void>((resolve) => srv.listen(path, resolve))
}

describe('non-regular files named *.wav', () => {
  it('a folder import lists a FIFO and a socket in skipped and imports the rest', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'good.wav'), tone())
    execFileSync('mkfifo', [join(dir, 'pipe.wav')])
    await socketAt(join(dir, 'sock.wav'))
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(1)
    expect(skipOf(r.skipped, 'pipe.wav')?.error).toMatch(/not a regular file \(FIFO\)/)
    expect(skipOf(r.skipped, 'sock.wav')?.error).toMatch(/not a regular file \(socket\)/)
  })

  it('an IEMOCAP import lists a FIFO utterance wav and a FIFO transcription, and finishes', async () => {
    const root = join(tmp.dir, 'iemocap')
    writeDemoCorpus(root, { sessions: 1, turnsPerDialog: 2 })
    const wavDir = join(root, 'Session1', 'sentences', 'wav')
    const dialog = execFileSync('ls', [wavDir]).toString().split('\n')[0]
    execFileSync('mkfifo', [join(wavDir, dialog, `${dialog}_F099.wav`)])
    execFileSync('mkfifo', [join(root, 'Session1', 'dialog', 'transcriptions', `${dialog}x.txt`)])
    const r = await importWithin({ kind: 'iemocap', dir: root, name: 'i' })
    expect(r.utterances).toBe(4)
    expect(skipOf(r.skipped, `Session1/sentences/wav/${dialog}/${dialog}_F099.wav`)?.error).toMatch(/FIFO/)
    expect(skipOf(r.skipped, `Session1/dialog/transcriptions/${dialog}x.txt`)?.error).toMatch(/FIFO/)
  })

  it('a manifest that is a FIFO is refused naming it, without blocking', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'good.wav'), tone())
    execFileSync('mkfifo', [join(tmp.dir, 'manifest.csv')])
    await expect(
      importWithin({ kind: 'folder', dir, name: 'f', manifest: join(tmp.dir, 'manifest.csv') })
    ).rejects.toThrow(/manifest\.csv: not a regular file \(FIFO\)/)
  })
})

describe('symbolic links: never followed by an importer, each listed in skipped', () => {
  it('folder (the walk EmoDB and RAVDESS share) and IEMOCAP layouts list links to files and folders, inside or outside the corpus', async () => {
    const outside = join(tmp.dir, 'outside')
    mkdirSync(outside)
    writeFileSync(join(outside, 'secret.wav'), tone())
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'good.wav'), tone())
    symlinkSync(join(outside, 'secret.wav'), join(dir, 'out.wav'))
    symlinkSync(join(dir, 'good.wav'), join(dir, 'in.wav'))
    symlinkSync(outside, join(dir, 'linked-folder'))
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(1)
    for (const p of ['out.wav', 'in.wav', 'linked-folder']) expect(skipOf(r.skipped, p)?.error).toMatch(/symbolic link/)

    const root = join(tmp.dir, 'iemocap')
    writeDemoCorpus(root, { sessions: 1, turnsPerDialog: 2 })
    const wavDir = join(root, 'Session1', 'sentences', 'wav')
    const dialog = execFileSync('ls', [wavDir]).toString().split('\n')[0]
    symlinkSync(join(outside, 'secret.wav'), join(wavDir, dialog, `${dialog}_M099.wav`))
    const ri = await importWithin({ kind: 'iemocap', dir: root, name: 'i' })
    expect(ri.utterances).toBe(4)
    expect(skipOf(ri.skipped, `Session1/sentences/wav/${dialog}/${dialog}_M099.wav`)?.error).toMatch(/symbolic link/)
    expect(s.corpus.utterances().some((u) => u.id.endsWith('_M099'))).toBe(false)
  })
})

describe('file names', () => {
  it('a name that is not UTF-8 is skipped with that reason (not "cannot read (ENOENT)")', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'good.wav'), tone())
    writeFileSync(Buffer.from(join(dir, 'bad\xff.wav'), 'latin1'), tone())
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(1)
    expect(r.skipped).toHaveLength(1)
    expect(r.skipped[0].error).toMatch(/not valid UTF-8/)
    expect(r.skipped[0].error).not.toMatch(/ENOENT/)
  })

  it('ids that collide by case or extension: the first path in sorted order keeps the id, the other is named with both paths', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    for (const f of ['dup.wav', 'dup.WAV', 'x.wav', 'x.flac', 'Case.wav', 'case.wav', 'other.wav'])
      writeFileSync(join(dir, f), tone())
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(4)
    const collisions = r.skipped.filter((k) => /collides/.test(k.error))
    expect(collisions).toHaveLength(3)
    for (const c of collisions) expect(c.error).toMatch(/keeps the id/)
    const byPath = new Map(collisions.map((c) => [c.path, c.error]))
    expect(byPath.get('dup.wav')).toContain("'dup.WAV'")
    expect(byPath.get('x.wav')).toContain("'x.flac'")
    expect(byPath.get('case.wav')).toContain("'Case.wav'")
    expect(
      s.corpus
        .utterances()
        .map((u) => u.path)
        .sort()
    ).toEqual(['Case.wav', 'dup.WAV', 'other.wav', 'x.flac'])
  })

  it('an id over 512 characters is refused at import, naming the file and the limit', async () => {
    const dir = join(tmp.dir, 'folder')
    const deep = join(dir, 'a'.repeat(200), 'b'.repeat(200), 'c'.repeat(200))
    mkdirSync(deep, { recursive: true })
    writeFileSync(join(dir, 'good.wav'), tone())
    writeFileSync(join(deep, 'deep.wav'), tone())
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(1)
    const k = r.skipped.find((x) => x.path.endsWith('deep.wav'))
    expect(k?.error).toMatch(/id is 6\d\d characters; the limit is 512/)
  })
})

describe('sample rates outside 1 kHz–384 kHz', () => {
  it('are refused at import with the reason, and on read', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'good.wav'), tone())
    writeFileSync(join(dir, 'giga.wav'), claimingRate(2_000_000_000))
    writeFileSync(join(dir, 'slow.wav'), claimingRate(500))
    writeFileSync(join(dir, 'edge.wav'), claimingRate(384_000))
    const r = await importWithin({ kind: 'folder', dir, name: 'f' })
    expect(r.utterances).toBe(2)
    expect(skipOf(r.skipped, 'giga.wav')?.error).toMatch(/sample rate 2000000000 Hz is outside 1000–384000 Hz/)
    expect(skipOf(r.skipped, 'slow.wav')?.error).toMatch(/sample rate 500 Hz is outside/)
    expect(() => decodeWav(claimingRate(2_000_000_000), 'giga.wav')).toThrow(/giga\.wav: sample rate 2000000000 Hz/)
  })
})

describe('the display spectrogram', () => {
  it('costs what the duration says: a 384 kHz file is analysed at no more than 48 kHz', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    writeFileSync(join(dir, 'hi.wav'), tone(384_000, 0.5))
    writeFileSync(join(dir, 'lo.wav'), tone(48_000, 0.5))
    await importWithin({ kind: 'folder', dir, name: 'f' })
    const hi = decodeSpectrogram(await s.features.spectrogram('hi'))
    const lo = decodeSpectrogram(await s.features.spectrogram('lo'))
    expect(hi.sampleRate).toBe(48_000)
    expect(hi.bins).toBe(lo.bins)
    expect(hi.frames).toBe(lo.frames)
  })
})

describe('manifests', () => {
  it('match category words exactly and read decimal numbers only', async () => {
    const dir = join(tmp.dir, 'folder')
    mkdirSync(dir)
    for (const f of ['a.wav', 'b.wav', 'c.wav', 'd.wav']) writeFileSync(join(dir, f), tone())
    writeFileSync(
      join(dir, 'manifest.csv'),
      'path,category,valence\na.wav,angryish,3\nb.wav,angry,0x3\nc.wav,Anger,2.5\nd.wav,neutral state,1e0\n'
    )
    const r = await importWithin({ kind: 'folder', dir, name: 'f', manifest: join(dir, 'manifest.csv') })
    expect(r.utterances).toBe(4)
    const errors = r.skipped.map((k) => k.error)
    expect(errors.some((e) => /category: unknown label 'angryish'/.test(e))).toBe(true)
    expect(errors.some((e) => /valence: '0x3'/.test(e))).toBe(true)
    expect(errors.some((e) => /valence: '1e0'/.test(e))).toBe(true)
    const cat = new Map(s.corpus.utterances().map((u) => [u.id, u.category]))
    expect(cat.get('a')).toBe(null)
    expect(cat.get('b')).toBe(null)
    expect(cat.get('c')).toBe('ang')
    expect(cat.get('d')).toBe(null)
  })
})
