/**
 * Writes samples in [-1, 1) as a canonical 44-byte-header RIFF/WAVE file: PCM 16-bit (what IEMOCAP ships and
 * every browser plays) or IEEE float 32-bit. Samples are clipped, and PCM is rounded to nearest.
 */
export function encodeWav(channels: Float32Array[], sampleRate: number, format: 'pcm16' | 'float32' = 'pcm16'): Buffer {
  const nc = channels.length
  const frames = nc > 0 ? channels[0].length : 0
  const bytesPerSample = format === 'pcm16' ? 2 : 4
  const dataBytes = frames * nc * bytesPerSample
  const buf = Buffer.alloc(44 + dataBytes)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + dataBytes, 4)
  buf.write('WAVE', 8, 'ascii')
  buf.write('fmt ', 12, 'ascii')
  buf.writeUInt32LE(16, 16)
  buf.writeUInt16LE(format === 'pcm16' ? 1 : 3, 20)
  buf.writeUInt16LE(nc, 22)
  buf.writeUInt32LE(sampleRate, 24)
  buf.writeUInt32LE(sampleRate * nc * bytesPerSample, 28)
  buf.writeUInt16LE(nc * bytesPerSample, 32)
  buf.writeUInt16LE(bytesPerSample * 8, 34)
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(dataBytes, 40)
  let p = 44
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nc; c++) {
      const v = Math.max(-1, Math.min(1, channels[c][i]))
      if (format === 'pcm16') {
        buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32768))), p)
        p += 2
      } else {
        buf.writeFloatLE(v, p)
        p += 4
      }
    }
  }
  return buf
}
