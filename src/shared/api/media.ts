/**
 * Binary resources the renderer loads by URL rather than through `call` (audio for the player, spectrograms): the
 * same resource names in both hosts. Web mode: `GET /media/<kind>/<id>?…` on the local server. Electron: the
 * `ser-media://<kind>/<id>?…` protocol. Main resolves the id through the corpus index only; a path never travels.
 */
export const MEDIA_KINDS = ['audio', 'dialog-audio', 'spectrogram'] as const
export type MediaKind = (typeof MEDIA_KINDS)[number]

export type MediaParams = Record<string, string | number>
