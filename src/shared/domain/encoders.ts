/**
 * Pretrained speech encoders as a feature set (docs/encoders.md): `encoder:PATH.onnx`, optionally with options after
 * a `#`: `encoder:/models/wavlm.onnx#layer=weighted,norm=utterance,chunk=20`. The options are part of the name, so
 * runs on different layers or normalisations differ in their features (and in the cache).
 */

/** What an ONNX file must have: Hugging Face's wav2vec2 / HuBERT / WavLM export names */
export const ENCODER_INPUT = 'input_values'
export const ENCODER_OUTPUT = 'last_hidden_state'
/** Optional: every layer's output, stacked: [layers, batch, frames, dim] */
export const ENCODER_LAYERS_OUTPUT = 'hidden_states'
/** Input rate the encoders expect */
export const ENCODER_RATE = 16000

export type EncoderFeatures = `encoder:${string}`

/** 'last': last_hidden_state; a number: that layer of hidden_states; 'weighted': every layer, a learned sum (SUPERB) */
export type EncoderLayer = 'last' | 'weighted' | number

export interface EncoderOptions {
  /** Absolute path of the .onnx file */
  path: string
  layer: EncoderLayer
  /** 'utterance': zero mean, unit variance per utterance (Wav2Vec2FeatureExtractor do_normalize); 'none': raw [-1, 1) */
  normalize: 'utterance' | 'none'
  /** Longer audio is embedded in independent chunks of this many seconds, the frames concatenated */
  chunkSeconds: number
}

export const ENCODER_DEFAULTS: Omit<EncoderOptions, 'path'> = {
  layer: 'last',
  normalize: 'utterance',
  chunkSeconds: 20
}

export function isEncoderFeatures(s: string): s is EncoderFeatures {
  return /^encoder:[^#]+/.test(s)
}

/** Parses `encoder:PATH[#k=v,…]`; throws an Error naming the bad option */
export function parseEncoderFeatures(s: string): EncoderOptions {
  if (!isEncoderFeatures(s)) throw new Error(`features: '${s}' is not encoder:PATH.onnx`)
  const body = s.slice('encoder:'.length)
  const hash = body.indexOf('#')
  const path = hash < 0 ? body : body.slice(0, hash)
  const o: EncoderOptions = { path, ...ENCODER_DEFAULTS }
  for (const part of hash < 0
    ? []
    : body
        .slice(hash + 1)
        .split(',')
        .filter(Boolean)) {
    const [k, v] = part.split('=')
    if (k === 'layer') {
      if (v === 'last' || v === 'weighted') o.layer = v
      else if (/^\d+$/.test(v ?? '')) o.layer = Number(v)
      else throw new Error(`features: layer must be last, weighted or a layer number, got '${v}'`)
    } else if (k === 'norm') {
      if (v !== 'utterance' && v !== 'none') throw new Error(`features: norm must be utterance or none, got '${v}'`)
      o.normalize = v
    } else if (k === 'chunk') {
      const n = Number(v)
      if (!(n >= 1 && n <= 600)) throw new Error(`features: chunk must be 1–600 seconds, got '${v}'`)
      o.chunkSeconds = n
    } else throw new Error(`features: unknown encoder option '${k}' (layer, norm, chunk)`)
  }
  return o
}

/** The canonical name: path, then only the options that differ from the defaults */
export function encoderFeaturesName(o: EncoderOptions): EncoderFeatures {
  const opts: string[] = []
  if (o.layer !== ENCODER_DEFAULTS.layer) opts.push(`layer=${o.layer}`)
  if (o.normalize !== ENCODER_DEFAULTS.normalize) opts.push(`norm=${o.normalize}`)
  if (o.chunkSeconds !== ENCODER_DEFAULTS.chunkSeconds) opts.push(`chunk=${o.chunkSeconds}`)
  return `encoder:${o.path}${opts.length ? `#${opts.join(',')}` : ''}`
}

/** "WavLM-base-plus.onnx (layer 6)" for tables */
export function encoderLabel(s: string): string {
  const o = parseEncoderFeatures(s)
  const file = o.path.split(/[\\/]/).pop() ?? o.path
  return o.layer === 'last' ? file : `${file} (${o.layer === 'weighted' ? 'weighted layers' : `layer ${o.layer}`})`
}
