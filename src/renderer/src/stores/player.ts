import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { MediaKind } from '@shared/api/media'
import type { Utterance } from '@shared/domain/corpus'
import { SPECTROGRAM_DEFAULTS } from '@shared/domain/features'
import { useClient } from '../api/use-client'
import type { SpectrogramTile } from '../labeling/spectrogram-image'
import { decodeTile } from '../labeling/spectrogram-image'

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
  const tiles = new Map<string, Promise<SpectrogramTile>>()
  /** The turns of the open utterance's dialog, for the turn tiers */
  const turns = ref<Utterance[]>([])
  let turnsOf: string | null = null
  const shiftOf = new Map<string, number>()

  watch([rate, loop, context], () => {
    try {
      globalThis.localStorage?.setItem(PREFS_KEY, JSON.stringify({ rate: rate.value, loop: loop.value, context: context.value }))
    } catch {
      // not remembered; the settings still apply now
    }
  })

  /** The utterance in its dialog when the corpus has the dialog's audio and context is on; else its own file */
  function sourceFor(u: Utterance, dialogsWithAudio: ReadonlySet<string>): PlayerSource {
    const client = useClient()
    if (context.value && u.dialog && dialogsWithAudio.has(u.dialog) && u.startSec !== null && u.endSec !== null) {
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

  function fetchTile(source: PlayerSource, index: number): Promise<SpectrogramTile> {
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
    const p = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`spectrogram: ${r.status} ${(await r.text()).trim()}`)
      const tile = decodeTile(await r.arrayBuffer(), s.tiled ? index * TILE_FRAMES : 0)
      shiftOf.set(source.key, tile.frameShiftSec)
      return tile
    })
    // a failed tile is forgotten, so scrolling back to it asks again
    p.catch(() => tiles.delete(key))
    tiles.set(key, p)
    for (const k of tiles.keys()) {
      if (tiles.size <= TILE_CACHE) break
      tiles.delete(k)
    }
    return p
  }

  /** The tiles covering [startSec, endSec] of the source's audio, in order */
  function tilesFor(source: PlayerSource, startSec: number, endSec: number): Promise<SpectrogramTile>[] {
    if (!source.spectrogram.tiled) return [fetchTile(source, 0)]
    const shift = shiftOf.get(source.key) ?? SPECTROGRAM_DEFAULTS.frameShiftMs / 1000
    const first = Math.max(0, Math.floor(startSec / shift / TILE_FRAMES))
    const last = Math.max(first, Math.floor(endSec / shift / TILE_FRAMES))
    const out: Promise<SpectrogramTile>[] = []
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

  return { rate, loop, context, turns, sourceFor, tilesFor, stepRate, loadTurns, patchTurn }
})
