/**
 * Reads the workbench's spectrogram bytes (SPG1, src/main/services/features/spectrogram.ts) and paints the visible
 * part of a recording into an ImageData, column by column, so the picture follows the waveform's zoom and scroll
 * exactly: the canvas is only as wide as the screen, whatever the recording's length. Greys from white (quiet) to
 * ink (loud) over a fixed dynamic range under the loudest frame seen, as Praat draws its spectrograms.
 */
import type { DecodedSpectrogram } from '@shared/domain/spectrogram-binary'
import { decodeSpectrogram } from '@shared/domain/spectrogram-binary'

/** One fetched piece of a recording's spectrogram, placed at its first frame */
export interface SpectrogramTile extends Omit<DecodedSpectrogram, 'sampleRate'> {
  /** Frame of the whole recording that this tile's first column is */
  fromFrame: number
}

export function decodeTile(buffer: ArrayBuffer, fromFrame: number): SpectrogramTile {
  return { fromFrame, ...decodeSpectrogram(new Uint8Array(buffer)) }
}

/** Colour stops of the grey-blue ramp, quiet → loud */
const STOPS: [number, [number, number, number]][] = [
  [0, [255, 255, 255]],
  [0.3, [214, 219, 228]],
  [0.6, [120, 130, 152]],
  [0.85, [45, 52, 72]],
  [1, [10, 12, 20]]
]

/** 256 packed RGBA colours (little-endian ABGR for a Uint32Array view of ImageData) */
const LUT: Uint32Array = (() => {
  const lut = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    const v = i / 255
    let k = 1
    while (k < STOPS.length - 1 && STOPS[k][0] < v) k++
    const [v0, c0] = STOPS[k - 1]
    const [v1, c1] = STOPS[k]
    const t = (v - v0) / (v1 - v0)
    const [r, g, b] = [0, 1, 2].map((j) => Math.round(c0[j] + (c1[j] - c0[j]) * t))
    lut[i] = (255 << 24) | (b << 16) | (g << 8) | r
  }
  return lut
})()

export interface PaintOptions {
  /** Visible time span, seconds of the recording */
  startSec: number
  endSec: number
  /** Frequency at the top edge */
  maxFreqHz: number
  /** dB shown as full ink; the loudest frame of the loaded tiles */
  topDb: number
  /** dB from white to full ink (Praat's default is 50) */
  rangeDb: number
}

/** The loudest level over tiles, the reference the picture is drawn against (tiles each carry their own maximum) */
export function topDbOf(tiles: Iterable<SpectrogramTile>): number {
  let top = -Infinity
  for (const t of tiles) if (t.maxDb > top) top = t.maxDb
  return Number.isFinite(top) ? top : 0
}

/**
 * Paints `image` (its width × height) from whichever tiles cover the span; columns without a tile stay clear. Where
 * a pixel spans several frames (zoomed out), it shows the loudest of up to 8 of them, so short events stay visible.
 */
export function paintSpectrogram(image: ImageData, tiles: readonly SpectrogramTile[], o: PaintOptions): void {
  const out = new Uint32Array(image.data.buffer)
  out.fill(0)
  if (tiles.length === 0 || o.endSec <= o.startSec) return
  const { width, height } = image
  const shift = tiles[0].frameShiftSec
  const secPerPx = (o.endSec - o.startSec) / width
  const framesPerPx = secPerPx / shift
  const samples = Math.max(1, Math.min(8, Math.round(framesPerPx)))
  // per tile, byte → LUT index against the common reference, so tiles with different maxima join without a seam
  const maps = tiles.map((t) => {
    const m = new Uint8Array(256)
    for (let b = 0; b < 256; b++) {
      const db = t.maxDb - t.dynamicRangeDb * (1 - b / 255)
      const v = (db - (o.topDb - o.rangeDb)) / o.rangeDb
      m[b] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255)
    }
    return m
  })
  const rowBin = new Int32Array(height)
  const binHz = tiles[0].binHz
  for (let y = 0; y < height; y++) rowBin[y] = Math.round(((1 - (y + 0.5) / height) * o.maxFreqHz) / binHz)
  let ti = 0
  for (let x = 0; x < width; x++) {
    const t0 = o.startSec + x * secPerPx
    const best: { tile: number; frame: number }[] = []
    for (let s = 0; s < samples; s++) {
      const frame = Math.floor((t0 + ((s + 0.5) / samples) * secPerPx) / shift)
      // tiles are sorted by fromFrame and the columns move forward, so the search resumes where it left off
      while (ti > 0 && frame < tiles[ti].fromFrame) ti--
      while (ti < tiles.length - 1 && frame >= tiles[ti].fromFrame + tiles[ti].frames) ti++
      const tile = tiles[ti]
      if (frame >= tile.fromFrame && frame < tile.fromFrame + tile.frames)
        best.push({ tile: ti, frame: frame - tile.fromFrame })
    }
    if (best.length === 0) continue
    for (let y = 0; y < height; y++) {
      let v = 0
      for (const b of best) {
        const tile = tiles[b.tile]
        const bin = rowBin[y]
        if (bin >= tile.bins) continue
        const level = maps[b.tile][tile.pixels[b.frame * tile.bins + bin]]
        if (level > v) v = level
      }
      out[y * width + x] = LUT[v]
    }
  }
}
