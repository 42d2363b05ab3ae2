/**
 * A bounded least-recently-used cache of FFT plans (twiddles, tables, scratch buffers) by size. Plans are cheap to
 * rebuild and sizes in use are few (one per analysis rate and window), so a small bound costs nothing, while an
 * unbounded map let every sample rate a file claimed keep its plan for the life of the process.
 */
export class PlanCache<T> {
  private readonly map = new Map<number, T>()

  constructor(private readonly max: number) {}

  get(size: number): T | undefined {
    const hit = this.map.get(size)
    if (hit !== undefined) {
      // most recently used last: Map keeps insertion order
      this.map.delete(size)
      this.map.set(size, hit)
    }
    return hit
  }

  set(size: number, plan: T): void {
    this.map.delete(size)
    this.map.set(size, plan)
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as number)
  }

  get size(): number {
    return this.map.size
  }
}

/** Plans kept by kiss-fft.ts and kiss-fftr.ts each (fft.ts's FFT_PLAN_CACHE_SIZE is the same bound) */
export const KISS_PLAN_CACHE_SIZE = 8
