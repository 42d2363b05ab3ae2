import { z } from 'zod'
import { WINDOW_TYPES } from '../domain/features'

/**
 * Binary resources the renderer loads by URL rather than through `call` (audio for the player, spectrograms): the
 * same relative URL `media/<kind>/<id>?…` in both hosts. Web mode: a route of the local server. Electron: a path of
 * the app's own `ser-app://` scheme, which also serves the renderer, so media is same-origin in both and the CSP can
 * say `'self'`. Main resolves the id through the corpus index only; a path never travels.
 */
export const MEDIA_KINDS = ['audio', 'dialog-audio', 'spectrogram', 'dialog-spectrogram', 'dialog-envelope'] as const
export type MediaKind = (typeof MEDIA_KINDS)[number]

/** Query parameters of a media URL; undefined ones are left out, so callers can pass optional settings as they are */
export type MediaParams = Record<string, string | number | undefined>

// Query strings carry text; numbers are coerced, and a value that is not one (NaN) is refused naming its parameter.
const num = () => z.coerce.number()

const spectrogramFields = {
  fftSize: num().int().min(0).max(8192).optional(),
  windowType: z.enum(WINDOW_TYPES).optional(),
  frameLengthMs: num().min(1).max(1000).optional(),
  frameShiftMs: num().min(1).max(1000).optional(),
  dynamicRangeDb: num().min(1).max(200).optional(),
  maxFreq: num().min(0).max(200_000).optional()
}

/** The query parameters each kind accepts; strict, so a misspelt parameter is refused by name. */
export const mediaParamSchemas = {
  audio: z.object({}).strict(),
  /** Dialog ids are unique within a corpus; name it when several corpora hold the same id */
  'dialog-audio': z.object({ corpusId: z.string().min(1).max(512).optional() }).strict(),
  /** shared/domain/features.ts SpectrogramOptions; omitted fields take SPECTROGRAM_DEFAULTS */
  spectrogram: z.object(spectrogramFields).strict(),
  /**
   * A tile of a dialog's spectrogram: frames [fromFrame, fromFrame + frames) of the whole dialog, so the player draws
   * a 10-minute dialog a screen at a time (services/features/spectrogram-tiles.ts; at most 16384 frames a tile)
   */
  'dialog-spectrogram': z
    .object({
      corpusId: z.string().min(1).max(512).optional(),
      fromFrame: num().int().min(0).optional(),
      frames: num().int().min(1).max(16384).optional(),
      ...spectrogramFields
    })
    .strict(),
  /**
   * The waveform's envelope of a dialog (services/audio/wav-envelope.ts, PKS1), so the player draws a long dialog
   * without downloading and decoding its audio first
   */
  'dialog-envelope': z.object({ corpusId: z.string().min(1).max(512).optional() }).strict()
} satisfies Record<MediaKind, z.ZodType>

export function isMediaKind(kind: string): kind is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(kind)
}

/** `media/<kind>/<id>?…`, relative to the page: what both clients' `mediaUrl` return. */
export function mediaPath(kind: MediaKind, id: string, params: MediaParams = {}): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `media/${kind}/${encodeURIComponent(id)}${query ? '?' + query : ''}`
}
