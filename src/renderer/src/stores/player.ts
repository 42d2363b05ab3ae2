import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { MediaKind } from '@shared/api/media'
import type { Dialog, Utterance } from '@shared/domain/corpus'
import { SPECTROGRAM_DEFAULTS } from '@shared/domain/features'
import { useClient } from '../api/use-client'
import type { SpectrogramTile } from '../labeling/spectrogram-image'
import { decodeTile } from '../labeling/spectrogram-image'
import type { WavEnvelope } from '../labeling/wav-peaks'
import { createEnvelopeBuilder, decodeEnvelope, envelopeOf } from '../labeling/wav-peaks'

/**
 * A recording ready for the waveform: a dialog's envelope from the server with the audio left to stream from its
 * URL (`blob` null), or an utterance's bytes with the envelope read from them (null when they need decoding)
 */
export interface LoadedAudio {
  blob: Blob | null
  envelope: WavEnvelope | null
}

/** What the player loads for an utterance: its dialog's audio (the utterance a region in it) or its own file */
export interface PlayerSource {
  /** Same key, same audio: moving to a neighbour in the same dialog does not reload anything */
  key: string
  kind: 'dialog' | 'utterance'
  audioUrl: string
  /** Where the utterance sits in that audio, seconds */
  startSec: number
  endSec: number
  spectrogram: { kind: MediaKind; id: string; corpusId: string; tiled: boolean }
}

/** A spectrogram tile asked for: `tile` is there as soon as it has arrived, so a redraw uses it at once */
export interface TileRequest {
  readonly promise: Promise<SpectrogramTile>
  readonly tile: SpectrogramTile | null
}

/** Frames per spectrogram tile: 20 s at the default 10 ms shift, about a screen of a dialog at the default zoom */
export const TILE_FRAMES = 2048
const TILE_CACHE = 64
export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const

const PREFS_KEY = 'ser.player'
interface Prefs {
  rate: number
  loop: boolean
  context: boolean
}

function readPrefs(): Prefs {
  const defaults: Prefs = { rate: 1, loop: false, context: true }
  try {
    const raw = globalThis.localStorage?.getItem(PREFS_KEY)
    return raw ? { ...defaults, ...(JSON.parse(raw) as Partial<Prefs>) } : defaults
  } catch {
    return defaults
  }
}

/**
 * The player's media and settings: which audio and spectrogram an utterance plays with (URLs only from the client,
 * never a path), the spectrogram tiles fetched and kept, and the listening preferences (rate, loop, dialog context),
 * remembered across reloads. The wavesurfer instance itself lives in WaveformPanel.vue.
 */
export const usePlayerStore = defineStore('player', () => {
  const prefs = readPrefs()
  const rate = ref(prefs.rate)
  const loop = ref(prefs.loop)
  const context = ref(prefs.context)
  const tiles = new Map<string, TileRequest>()
  /** Per corpus, the dialogs that have dialog audio (so an utterance can be played in its context) */
  const dialogAudio = ref<Record<string, string[]>>({})
  /** The turns of the open utterance's dialog, for the turn tiers */
  const turns = ref<Utterance[]>([])
  let turnsOf: string | null = null
  const shiftOf = new Map<string, number>()

  watch([rate, loop, context], () => {
    try {
      globalThis.localStorage?.setItem(
        PREFS_KEY,
        JSON.stringify({ rate: rate.value, loop: loop.value, context: context.value })
      )
    } catch {
      // not remembered; the settings still apply now
    }
  })

  function noteDialogs(corpusId: string, dialogs: Dialog[]): void {
    dialogAudio.value = {
      ...dialogAudio.value,
      [corpusId]: dialogs.filter((d) => d.audioPath !== null).map((d) => d.id)
    }
  }

  /** Learns which of a corpus's dialogs have audio, once per corpus (the browser hands over what it already read) */
  async function ensureDialogs(corpusId: string): Promise<void> {
    if (dialogAudio.value[corpusId]) return
    try {
      noteDialogs(corpusId, await useClient().call('corpus.dialogs', { corpusId }))
    } catch {
      // treated as no dialog audio: the utterance plays from its own file
      dialogAudio.value = { ...dialogAudio.value, [corpusId]: [] }
    }
  }

  /** Whether the utterance can be heard in its dialog; null while that is not known yet */
  function hasContext(u: Utterance): boolean | null {
    const known = dialogAudio.value[u.corpusId]
    if (!known) return null
    return !!u.dialog && known.includes(u.dialog) && u.startSec !== null && u.endSec !== null
  }

  /** The utterance in its dialog when the corpus has the dialog's audio and context is on; else its own file */
  function sourceFor(u: Utterance): PlayerSource {
    const client = useClient()
    if (context.value && u.dialog && hasContext(u) && u.startSec !== null && u.endSec !== null) {
      const params = { corpusId: u.corpusId }
      return {
        key: `dialog:${u.corpusId}:${u.dialog}`,
        kind: 'dialog',
        audioUrl: client.mediaUrl('dialog-audio', u.dialog, params),
        startSec: u.startSec,
        endSec: u.endSec,
        spectrogram: { kind: 'dialog-spectrogram', id: u.dialog, corpusId: u.corpusId, tiled: true }
      }
    }
    return {
      key: `utterance:${u.id}`,
      kind: 'utterance',
      audioUrl: client.mediaUrl('audio', u.id),
      startSec: 0,
      endSec: u.durationSec,
      spectrogram: { kind: 'spectrogram', id: u.id, corpusId: u.corpusId, tiled: false }
    }
  }

  let lastAudio: { key: string; audio: Promise<LoadedAudio> } | null = null

  /** A dialog (minutes long): only its envelope now; the media element streams the audio when it plays */
  async function dialogEnvelope(source: PlayerSource): Promise<LoadedAudio> {
    const s = source.spectrogram
    const r = await fetch(useClient().mediaUrl('dialog-envelope', s.id, { corpusId: s.corpusId }))
    if (!r.ok) throw new Error(`${r.status} ${(await r.text()).trim()}`)
    return { blob: null, envelope: decodeEnvelope(await r.arrayBuffer()) }
  }

  /** An utterance (seconds long): its bytes, the envelope built as they arrive */
  async function download(url: string): Promise<LoadedAudio> {
    const r = await fetch(url)
    if (!r.ok) throw new Error(`${r.status} ${(await r.text()).trim()}`)
    const type = r.headers.get('Content-Type') ?? 'audio/wav'
    const reader = r.body?.getReader()
    if (!reader) {
      const bytes = await r.arrayBuffer()
      return { blob: new Blob([bytes], { type }), envelope: envelopeOf(bytes) }
    }
    const builder = createEnvelopeBuilder()
    const chunks: Uint8Array<ArrayBuffer>[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      builder.push(value)
    }
    return { blob: new Blob(chunks, { type }), envelope: builder.finish() }
  }

  /**
   * What the waveform needs of a source, fetched once: never a decode of the recording in the browser (half a second
   * for a 10-minute dialog). The last one is kept: the next utterance of the same dialog takes it from here.
   */
  function loadAudio(source: PlayerSource): Promise<LoadedAudio> {
    if (lastAudio?.key === source.key) return lastAudio.audio
    const audio = source.kind === 'dialog' ? dialogEnvelope(source) : download(source.audioUrl)
    audio.catch(() => {
      if (lastAudio?.audio === audio) lastAudio = null
    })
    lastAudio = { key: source.key, audio }
    return audio
  }

  /**
   * Asks for the spectrogram tiles the player will show first (the utterance with the margin WaveformPanel's fit
   * leaves), while the audio is still on its way, so both pictures arrive together.
   */
  function prefetch(source: PlayerSource): void {
    const len = Math.max(0.2, source.endSec - source.startSec)
    const margin = source.kind === 'dialog' ? len / 3 : 0
    for (const r of tilesFor(source, Math.max(0, source.startSec - margin), source.endSec + margin)) {
      r.promise.catch(() => {
        // reported by the spectrogram panel when it asks for the same tile
      })
    }
  }

  function fetchTile(source: PlayerSource, index: number): TileRequest {
    const key = `${source.key}#${index}`
    const hit = tiles.get(key)
    if (hit) {
      tiles.delete(key)
      tiles.set(key, hit)
      return hit
    }
    const s = source.spectrogram
    const params = s.tiled ? { corpusId: s.corpusId, fromFrame: index * TILE_FRAMES, frames: TILE_FRAMES } : {}
    const url = useClient().mediaUrl(s.kind, s.id, params)
    let arrived: SpectrogramTile | null = null
    const promise = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`spectrogram: ${r.status} ${(await r.text()).trim()}`)
      const tile = decodeTile(await r.arrayBuffer(), s.tiled ? index * TILE_FRAMES : 0)
      shiftOf.set(source.key, tile.frameShiftSec)
      arrived = tile
      return tile
    })
    const request: TileRequest = {
      promise,
      get tile() {
        return arrived
      }
    }
    // a failed tile is forgotten, so scrolling back to it asks again
    promise.catch(() => tiles.delete(key))
    tiles.set(key, request)
    for (const k of tiles.keys()) {
      if (tiles.size <= TILE_CACHE) break
      tiles.delete(k)
    }
    return request
  }

  /** The tiles covering [startSec, endSec] of the source's audio, in order */
  function tilesFor(source: PlayerSource, startSec: number, endSec: number): TileRequest[] {
    if (!source.spectrogram.tiled) return [fetchTile(source, 0)]
    const shift = shiftOf.get(source.key) ?? SPECTROGRAM_DEFAULTS.frameShiftMs / 1000
    const first = Math.max(0, Math.floor(startSec / shift / TILE_FRAMES))
    const last = Math.max(first, Math.floor(endSec / shift / TILE_FRAMES))
    const out: TileRequest[] = []
    for (let i = first; i <= last; i++) out.push(fetchTile(source, i))
    return out
  }

  function stepRate(step: 1 | -1): void {
    const i = RATES.findIndex((r) => r >= rate.value)
    const next = RATES[Math.min(RATES.length - 1, Math.max(0, (i < 0 ? RATES.length - 1 : i) + step))]
    rate.value = next
  }

  async function loadTurns(u: Utterance | null): Promise<void> {
    const key = u?.dialog ? `${u.corpusId}:${u.dialog}` : null
    if (key === turnsOf) return
    turnsOf = key
    if (!u?.dialog) {
      turns.value = []
      return
    }
    try {
      const got = await useClient().call('corpus.utterances', { corpusId: u.corpusId, dialog: u.dialog })
      if (turnsOf === key) turns.value = got
    } catch {
      // the tiers stay empty; the player itself does not need them
      if (turnsOf === key) turns.value = []
    }
  }

  function patchTurn(u: Utterance): void {
    const i = turns.value.findIndex((t) => t.id === u.id)
    if (i >= 0) turns.value[i] = u
  }

  return {
    rate,
    loop,
    context,
    turns,
    dialogAudio,
    loadAudio,
    prefetch,
    sourceFor,
    hasContext,
    noteDialogs,
    ensureDialogs,
    tilesFor,
    stepRate,
    loadTurns,
    patchTurn
  }
})
