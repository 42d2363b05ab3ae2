/** The team screens' display formats (src/renderer/src/team/format.ts). */
import { describe, expect, it } from 'vitest'
import { annotatorRows, filterSummary, percent } from '@renderer/team/format'

describe('filterSummary', () => {
  it('says every utterance for an empty filter', () => {
    expect(filterSummary({})).toBe('every utterance')
    expect(filterSummary({ sessions: [], speakers: [] })).toBe('every utterance')
  })

  it('names each chosen part, singular or plural', () => {
    expect(filterSummary({ corpusId: 'tiny', sessions: ['1'], disagree: true })).toBe(
      'corpus tiny · session 1 · raters disagree'
    )
    expect(filterSummary({ sessions: ['1', '2'], speakers: ['S1F', 'S2M'], flagged: true })).toBe(
      'sessions 1, 2 · speakers S1F, S2M · second look'
    )
  })
})

describe('percent', () => {
  it('rounds, caps at 100 and is 0 without a whole', () => {
    expect(percent(1, 3)).toBe(33)
    expect(percent(2, 3)).toBe(67)
    expect(percent(5, 4)).toBe(100)
    expect(percent(3, 0)).toBe(0)
    expect(percent(0, 10)).toBe(0)
  })
})

describe('annotatorRows', () => {
  it('gives each annotator what is open and how far into an even share of items × k they are', () => {
    const rows = annotatorRows({
      taskId: 1,
      items: 5,
      slots: 10,
      assigned: 6,
      submitted: 4,
      complete: 1,
      perAnnotator: [
        { annotator: 'ana', assigned: 4, submitted: 3 },
        { annotator: 'bo', assigned: 2, submitted: 1 },
        { annotator: 'cy', assigned: 0, submitted: 0 }
      ]
    })
    // 10 slots over 3 annotators: a share of 4 (rounded up)
    expect(rows.map((r) => [r.annotator, r.open, r.share, r.done])).toEqual([
      ['ana', 1, 4, 75],
      ['bo', 1, 4, 25],
      ['cy', 0, 4, 0]
    ])
  })

  it('is empty for a task without a pool', () => {
    expect(
      annotatorRows({ taskId: 1, items: 0, slots: 0, assigned: 0, submitted: 0, complete: 0, perAnnotator: [] })
    ).toEqual([])
  })
})
