/**
 * A person's name must not read as one of the corpus's own raters: corpus raters are stored as `<corpus>:<name>`
 * (`demo:E1`, `demo:reference`) and shown by their short name, so a person called "E1" or "Reference" would make
 * two rows that look the same in every table. The server refuses such a name on every label edit
 * (services/labels/label-store.ts); the picker runs the same rule before asking.
 */
import type { AnnotatorKind } from './labels'

/** The rater a person's name would be mistaken for (same short name, any case), or null when it is free */
export function raterNamed(name: string, annotators: readonly { id: string; kind: AnnotatorKind }[]): string | null {
  const wanted = name.trim().toLowerCase()
  const short = (id: string) => id.slice(id.lastIndexOf(':') + 1).toLowerCase()
  return annotators.find((a) => a.kind !== 'human' && short(a.id) === wanted)?.id ?? null
}
