/**
 * ELAN annotation documents (EAF 3.0): one time-alignable tier per speaker, annotator and field, with ELAN's own
 * PARTICIPANT and ANNOTATOR attributes set, so ELAN shows who labelled what and reading the file back can assign
 * each tier to its annotator even if its TIER_ID was renamed.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { SerError } from '../../../../shared/errors'
import type { Interval, Tier, TierDocument } from './label-tiers'
import { parseTierName } from './label-tiers'

interface XmlNode {
  [key: string]: unknown
}

export function writeEaf(doc: TierDocument, date = new Date()): string {
  const slots = new Map<number, string>()
  const slot = (seconds: number) => {
    const ms = Math.round(seconds * 1000)
    let id = slots.get(ms)
    if (!id) slots.set(ms, (id = `ts${slots.size + 1}`))
    return id
  }
  let annotationId = 0
  const tiers = doc.tiers.map((t) => ({
    '@_TIER_ID': t.name,
    '@_LINGUISTIC_TYPE_REF': 'label',
    ...(t.speaker ? { '@_PARTICIPANT': t.speaker } : {}),
    ...(t.annotator ? { '@_ANNOTATOR': t.annotator } : {}),
    ANNOTATION: t.intervals.map((iv) => ({
      ALIGNABLE_ANNOTATION: {
        '@_ANNOTATION_ID': `a${++annotationId}`,
        '@_TIME_SLOT_REF1': slot(iv.start),
        '@_TIME_SLOT_REF2': slot(iv.end),
        ANNOTATION_VALUE: iv.text
      }
    }))
  }))
  const timeSlots = [...slots.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ms, id]) => ({ '@_TIME_SLOT_ID': id, '@_TIME_VALUE': ms }))
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    ANNOTATION_DOCUMENT: {
      '@_AUTHOR': 'SER Workbench',
      '@_DATE': date.toISOString(),
      '@_FORMAT': '3.0',
      '@_VERSION': '3.0',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'http://www.mpi.nl/tools/elan/EAFv3.0.xsd',
      HEADER: {
        '@_MEDIA_FILE': '',
        '@_TIME_UNITS': 'milliseconds',
        ...(doc.media
          ? {
              MEDIA_DESCRIPTOR: {
                '@_MEDIA_URL': doc.media,
                '@_MIME_TYPE': 'audio/x-wav',
                '@_RELATIVE_MEDIA_URL': doc.media
              }
            }
          : {})
      },
      TIME_ORDER: { TIME_SLOT: timeSlots },
      TIER: tiers,
      LINGUISTIC_TYPE: { '@_LINGUISTIC_TYPE_ID': 'label', '@_TIME_ALIGNABLE': 'true', '@_GRAPHIC_REFERENCES': 'false' }
    }
  }
  // suppressBooleanAttributes off: ELAN needs TIME_ALIGNABLE="true", not a bare attribute name
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    format: true,
    suppressEmptyNode: true,
    suppressBooleanAttributes: false,
    indentBy: '    '
  })
  return builder.build(document) as string
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x])

export function readEaf(text: string, file: string): TierDocument {
  let root: XmlNode
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      parseAttributeValue: false,
      parseTagValue: false,
      trimValues: true
    })
    root = parser.parse(text) as XmlNode
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${file}: not well-formed XML (${(e as Error).message})`, { file })
  }
  const docNode = root.ANNOTATION_DOCUMENT as XmlNode | undefined
  if (!docNode)
    throw new SerError('FILE_FORMAT', `${file}: no ANNOTATION_DOCUMENT element, so not an ELAN .eaf file`, { file })
  const times = new Map<string, number>()
  for (const ts of asArray((docNode.TIME_ORDER as XmlNode | undefined)?.TIME_SLOT as XmlNode[] | XmlNode)) {
    const v = ts['@_TIME_VALUE']
    if (v !== undefined) times.set(String(ts['@_TIME_SLOT_ID']), Number(v) / 1000)
  }
  let xmax = 0
  const tiers: Tier[] = asArray(docNode.TIER as XmlNode[] | XmlNode).map((t) => {
    const name = String(t['@_TIER_ID'] ?? '')
    const parsed = parseTierName(name)
    const intervals: Interval[] = []
    for (const a of asArray(t.ANNOTATION as XmlNode[] | XmlNode)) {
      const al = a.ALIGNABLE_ANNOTATION as XmlNode | undefined
      if (!al) continue // reference annotations carry no time of their own
      const start = times.get(String(al['@_TIME_SLOT_REF1']))
      const end = times.get(String(al['@_TIME_SLOT_REF2']))
      const value = String(al.ANNOTATION_VALUE ?? '').trim()
      if (start === undefined || end === undefined || value === '') continue
      intervals.push({ start, end, text: value })
      xmax = Math.max(xmax, end)
    }
    const annotator = t['@_ANNOTATOR'] !== undefined ? String(t['@_ANNOTATOR']) : (parsed?.annotator ?? null)
    const speaker = t['@_PARTICIPANT'] !== undefined ? String(t['@_PARTICIPANT']) : (parsed?.speaker ?? null)
    return {
      name,
      speaker,
      annotator: parsed?.field === 'utterance' ? null : annotator,
      field: parsed?.field ?? 'unknown',
      intervals
    }
  })
  return { xmin: 0, xmax, tiers, media: null }
}
