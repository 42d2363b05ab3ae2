/** The "new task" form's request and where a server error about it shows (src/renderer/src/team/task-draft.ts). */
import { describe, expect, it } from 'vitest'
import { CreateTaskRequest } from '@shared/api/team'
import { draftFieldOf, emptyDraft, fieldMessage, toCreateTaskRequest } from '@renderer/team/task-draft'

describe('toCreateTaskRequest', () => {
  it('starts blind with k = 3 and sends an empty filter when nothing is chosen', () => {
    const d = { ...emptyDraft(), name: '  first pass ', pool: ['ana', 'bo', 'cy'] }
    const req = toCreateTaskRequest(d)
    expect(req).toEqual({ name: 'first pass', filter: {}, k: 3, pool: ['ana', 'bo', 'cy'], blind: true })
    expect(CreateTaskRequest.safeParse(req).success).toBe(true)
  })

  it('sends only the parts of the filter that were chosen, in the schema’s shape', () => {
    const d = {
      ...emptyDraft(),
      name: 'disagreements',
      corpusId: 'tiny',
      sessions: ['1', '2'],
      speakers: [],
      disagree: true,
      flagged: false,
      k: 2,
      pool: ['ana', 'bo'],
      blind: false
    }
    const req = toCreateTaskRequest(d)
    expect(req.filter).toEqual({ corpusId: 'tiny', sessions: ['1', '2'], disagree: true })
    expect(CreateTaskRequest.parse(req)).toMatchObject({ k: 2, blind: false })
    // the request does not share arrays with the form, which keeps being edited
    d.sessions.push('3')
    expect(req.filter.sessions).toEqual(['1', '2'])
  })
})

describe('draftFieldOf', () => {
  const err = (field?: string) => ({ code: 'FIELD_INVALID' as const, message: 'x', field })

  it('puts an error next to the field it names, or the field that holds it', () => {
    expect(draftFieldOf(err('k'))).toBe('k')
    expect(draftFieldOf(err('pool'))).toBe('pool')
    expect(draftFieldOf(err('pool.3'))).toBe('pool')
    expect(draftFieldOf(err('filter.sessions.0'))).toBe('filter.sessions')
    expect(draftFieldOf(err('filter.corpusId'))).toBe('filter.corpusId')
  })

  it('names no field for an error about none of the form’s fields, or about none at all', () => {
    expect(draftFieldOf(err('filter'))).toBeNull()
    expect(draftFieldOf(err('kk'))).toBeNull()
    expect(draftFieldOf(err(undefined))).toBeNull()
    expect(draftFieldOf(null)).toBeNull()
  })

  it('drops the method name the schema check puts first', () => {
    expect(fieldMessage({ code: 'FIELD_INVALID', message: 'team.createTask: k: must be at most 50' })).toBe(
      'k: must be at most 50'
    )
    expect(fieldMessage({ code: 'FIELD_INVALID', message: 'pool: needs annotators' })).toBe('pool: needs annotators')
  })
})
