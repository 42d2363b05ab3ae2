/**
 * A corpus index holding the demo corpus (src/main/services/demo: synthetic speech in IEMOCAP layout, 5 sessions ×
 * 2 speakers, classes that differ in prosody), in a temporary folder: what the training tests learn from.
 */
import { join } from 'node:path'
import type { Services } from '../../src/main/services/create-services'
import { createServices } from '../../src/main/services/create-services'
import { writeDemoCorpus } from '../../src/main/services/demo/demo-corpus'
import { tempDir } from './temp-dir'

export interface DemoIndex {
  dir: string
  dbPath: string
  services: Services
  /** Closes the services and removes the folder */
  cleanup(): void
}

export async function demoIndex(options: { turnsPerDialog?: number } = {}): Promise<DemoIndex> {
  const t = tempDir('ser-train-')
  writeDemoCorpus(join(t.dir, 'demo'), { turnsPerDialog: options.turnsPerDialog ?? 12 })
  const dbPath = join(t.dir, 'index.db')
  const services = createServices({ dbPath })
  await services.importer.importCorpus({ kind: 'iemocap', dir: join(t.dir, 'demo'), name: 'demo' })
  return {
    dir: t.dir,
    dbPath,
    services,
    cleanup() {
      services.close()
      t.cleanup()
    }
  }
}
