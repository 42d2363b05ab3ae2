import type { AgreementField, AgreementReport } from '../../../shared/api/labels'
import type { Db } from '../db/open-db'
import type { RatingTable } from './agreement'
import { fleissKappa, krippendorffAlpha, pairAgreement } from './agreement'

export interface AgreementQuery {
  field: AgreementField
  corpusId?: string
  session?: string
  annotators?: string[]
}

export interface AgreementService {
  agreement(q: AgreementQuery): AgreementReport
}

interface LabelRow {
  utterance_id: string
  annotator_id: string
  value: string
  session: string | null
}

/**
 * Agreement over the index: the units are utterances, the raters every corpus evaluator and every person (or the
 * annotators asked for). Reference labels, actors' self-ratings and models are not raters.
 */
export function createAgreementService(db: Db): AgreementService {
  const rows = db.prepare(
    `SELECT l.utterance_id, l.annotator_id, l.value, u.session
     FROM labels l JOIN annotators a ON a.id = l.annotator_id JOIN utterances u ON u.id = l.utterance_id
     WHERE l.field = @field AND (@corpusId IS NULL OR u.corpus_id = @corpusId)
       AND (@session IS NULL OR u.session = @session)
       AND (@all = 0 OR a.kind IN ('evaluator', 'human'))`
  )

  function table(list: LabelRow[]): {
    raters: string[]
    units: string[]
    data: RatingTable
    sessions: (string | null)[]
  } {
    const raters = [...new Set(list.map((r) => r.annotator_id))].sort()
    const rIdx = new Map(raters.map((r, i) => [r, i]))
    const uIdx = new Map<string, number>()
    const data: RatingTable = []
    const sessions: (string | null)[] = []
    for (const r of list) {
      let u = uIdx.get(r.utterance_id)
      if (u === undefined) {
        u = data.length
        uIdx.set(r.utterance_id, u)
        data.push(raters.map(() => null))
        sessions.push(r.session)
      }
      data[u][rIdx.get(r.annotator_id)!] = r.value
    }
    return { raters, units: [...uIdx.keys()], data, sessions }
  }

  return {
    agreement(q) {
      let list = rows.all({
        field: q.field,
        corpusId: q.corpusId ?? null,
        session: q.session ?? null,
        all: q.annotators ? 0 : 1
      }) as LabelRow[]
      if (q.annotators) {
        const wanted = new Set(q.annotators)
        list = list.filter((r) => wanted.has(r.annotator_id))
      }
      const t = table(list)
      const metric = q.field === 'category' ? 'nominal' : 'interval'
      const items = t.data.filter((row) => row.filter((v) => v !== null).length >= 2).length
      const bySession = new Map<string, RatingTable>()
      t.data.forEach((row, i) => {
        const s = t.sessions[i]
        if (s === null) return
        if (!bySession.has(s)) bySession.set(s, [])
        bySession.get(s)!.push(row)
      })
      const pairwise: AgreementReport['pairwise'] = []
      for (let a = 0; a < t.raters.length; a++) {
        for (let b = a + 1; b < t.raters.length; b++) {
          const p = pairAgreement(
            t.data.map((row) => row[a]),
            t.data.map((row) => row[b])
          )
          if (p.items > 0) pairwise.push({ a: t.raters[a], b: t.raters[b], ...p })
        }
      }
      return {
        field: q.field,
        items,
        annotators: t.raters.length,
        fleissKappa: fleissKappa(t.data),
        krippendorffAlpha: krippendorffAlpha(t.data, metric),
        metric,
        krippendorffAlphaOrdinal: metric === 'interval' ? krippendorffAlpha(t.data, 'ordinal') : null,
        perSession: [...bySession.entries()]
          .sort((x, y) => x[0].localeCompare(y[0], undefined, { numeric: true }))
          .map(([session, data]) => ({
            session,
            items: data.filter((row) => row.filter((v) => v !== null).length >= 2).length,
            fleissKappa: fleissKappa(data),
            krippendorffAlpha: krippendorffAlpha(data, metric)
          })),
        pairwise
      }
    }
  }
}
