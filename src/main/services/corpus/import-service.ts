import { statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { ImportSkip, ImportSummary } from '../../../shared/api/corpus'
import type { JobProgress } from '../../../shared/api/common'
import { ID_MAX_LENGTH } from '../../../shared/api/common'
import type { CorpusKind } from '../../../shared/domain/corpus'
import { SerError, toErrorInfo } from '../../../shared/errors'
import { probeAudio } from '../audio/probe-audio'
import type { LabelStore } from '../labels/label-store'
import type { EventBus } from '../runtime/event-bus'
import type { CorpusIndex, UtteranceRecord } from './corpus-index'
import { importEmodb } from './importers/emodb'
import { importFolder } from './importers/folder'
import { importIemocap } from './importers/iemocap'
import type { Importer, ParsedCorpus } from './importers/parsed-corpus'
import { importRavdess } from './importers/ravdess'

const IMPORTERS: Record<CorpusKind, Importer> = {
  iemocap: importIemocap,
  emodb: importEmodb,
  ravdess: importRavdess,
  folder: importFolder
}

export interface ImportRequestInput {
  kind: CorpusKind
  dir: string
  manifest?: string
  name?: string
}

export interface ImportService {
  /**
   * Reads a corpus folder into the index: parses its layout, checks every audio file's header, and writes
   * utterances and their labels in one transaction. Per-file problems are listed in `skipped`; the rest is
   * imported. Importing the same folder again updates it and keeps every label edit.
   */
  importCorpus(req: ImportRequestInput, onProgress?: (p: JobProgress) => void): Promise<ImportSummary>
}

/** Rater names are namespaced by corpus, so two corpora's `E1` stay two annotators */
export function raterId(corpusId: string, rater: string): string {
  return `${corpusId}:${rater}`
}

export function createImportService(deps: {
  corpus: CorpusIndex
  labels: LabelStore
  events: EventBus
}): ImportService {
  const { corpus, labels, events } = deps
  let jobs = 0
  return {
    async importCorpus(req, onProgress) {
      const root = resolve(req.dir)
      let isDir = false
      try {
        isDir = statSync(root).isDirectory()
      } catch {
        // reported below
      }
      if (!isDir) throw new SerError('FILE_UNREADABLE', `${req.dir}: no such folder`, { file: req.dir, field: 'dir' })
      const name = req.name ?? basename(root)
      const parsed = IMPORTERS[req.kind]({ root, name, manifest: req.manifest ? resolve(req.manifest) : undefined })
      checkIds(parsed)
      const jobId = `import-${++jobs}`
      const progress = (p: JobProgress) => {
        onProgress?.(p)
        events.emit('corpus.importProgress', p)
      }
      const records = await probeAll(parsed, progress, jobId)
      write(parsed, records)
      events.emit('corpus.changed', parsed.id)
      const imported = new Set(records.map((r) => r.record.id))
      const labeled = corpus
        .utterances({ corpusId: parsed.id })
        .filter((u) => imported.has(u.id) && u.category !== null)
      return {
        corpus: parsed.id,
        utterances: records.length,
        sessions: new Set(records.map((r) => r.record.session).filter((s) => s !== null)).size,
        speakers: new Set(records.map((r) => r.record.speakerId).filter((s) => s !== null)).size,
        labeled: labeled.length,
        skipped: parsed.skipped
      }
    }
  }

  /** Probes each utterance's audio header; a file that fails moves to `skipped` with the decoder's reason. */
  async function probeAll(parsed: ParsedCorpus, progress: (p: JobProgress) => void, jobId: string) {
    const out: { record: UtteranceRecord; labels: ParsedCorpus['utterances'][number]['labels'] }[] = []
    const total = parsed.utterances.length
    let lastReport = 0
    for (let i = 0; i < total; i++) {
      const u = parsed.utterances[i]
      const owner = corpus.writes.ownerOf(u.id)
      if (owner !== null && owner !== parsed.id) {
        parsed.skipped.push({ path: u.path, error: `id '${u.id}' already belongs to corpus '${owner}' in this index` })
      } else {
        try {
          const a = probeAudio(join(parsed.root, u.path), u.path)
          out.push({
            record: {
              id: u.id,
              corpusId: parsed.id,
              path: u.path,
              session: u.session,
              speakerId: u.speaker,
              dialogId: u.dialog,
              startSec: u.startSec,
              endSec: u.endSec,
              durationSec: a.durationSec,
              sampleRate: a.sampleRate,
              channels: a.channelCount,
              fileSize: a.fileSize,
              fileMtimeMs: a.mtimeMs,
              transcript: u.transcript,
              ord: i
            },
            labels: u.labels
          })
        } catch (e) {
          parsed.skipped.push(skipOf(u.path, e))
        }
      }
      const now = Date.now()
      if (now - lastReport > 100 || i === total - 1) {
        lastReport = now
        progress({ jobId, done: i + 1, total, item: u.path })
        // let the event loop breathe (web mode: other requests, the progress stream)
        await new Promise((r) => setImmediate(r))
      }
    }
    return out
  }

  function write(parsed: ParsedCorpus, records: Awaited<ReturnType<typeof probeAll>>): void {
    const w = labels.writer()
    labels.transaction(() => {
      corpus.writes.upsertCorpus({ id: parsed.id, kind: parsed.kind, root: parsed.root })
      const usedSpeakers = new Set(records.map((r) => r.record.speakerId))
      const usedDialogs = new Set(records.map((r) => r.record.dialogId))
      for (const s of parsed.speakers)
        if (usedSpeakers.has(s.id)) corpus.writes.upsertSpeaker({ ...s, corpusId: parsed.id })
      for (const d of parsed.dialogs)
        if (usedDialogs.has(d.id)) corpus.writes.upsertDialog({ ...d, corpusId: parsed.id })
      const at = new Date().toISOString()
      for (const { record, labels: ls } of records) {
        corpus.writes.upsertUtterance(record)
        for (const l of ls) {
          const annotator = raterId(parsed.id, l.rater)
          w.ensureAnnotator(annotator, l.kind, parsed.id)
          w.record(record.id, annotator, l.field, l.value, 'import', at)
        }
        w.refreshConsensus(record.id)
      }
    })
  }
}

/** How ids are compared for collisions: ignoring case (and Unicode normalisation), as case-insensitive disks do */
function foldId(id: string): string {
  return id.normalize('NFC').toLowerCase()
}

/**
 * One id per file. An id longer than ID_MAX_LENGTH is refused (no request could name it). Files whose ids are equal
 * ignoring case (`dup.wav`, `dup.WAV`; `x.wav`, `x.flac` in a folder corpus) would overwrite each other: the first
 * path in code-unit order keeps the id, and every other one is listed in `skipped` naming both paths.
 */
export function checkIds(parsed: ParsedCorpus): void {
  const keeper = new Map<string, string>()
  for (const u of parsed.utterances) {
    if (u.id.length > ID_MAX_LENGTH) continue
    const k = foldId(u.id)
    const cur = keeper.get(k)
    if (cur === undefined || u.path < cur) keeper.set(k, u.path)
  }
  parsed.utterances = parsed.utterances.filter((u) => {
    if (u.id.length > ID_MAX_LENGTH) {
      parsed.skipped.push({
        path: u.path,
        error: `id is ${u.id.length} characters; the limit is ${ID_MAX_LENGTH} (shorten the folder or file names)`
      })
      return false
    }
    const keep = keeper.get(foldId(u.id))!
    if (keep === u.path) return true
    parsed.skipped.push({
      path: u.path,
      error: `id '${u.id}' collides with '${keep}' (ids are compared ignoring case and extension); '${keep}' keeps the id, this file is not imported`
    })
    return false
  })
}

function skipOf(path: string, e: unknown): ImportSkip {
  const info = toErrorInfo(e)
  // decoder messages start with the file's name; the skip entry names it already
  const message = info.message.startsWith(path + ': ') ? info.message.slice(path.length + 2) : info.message
  return { path, error: message }
}
