/**
 * A tiny IEMOCAP-layout corpus for evaluation tests: the demo corpus's generator (speech-like audio whose prosody
 * follows the class, evaluators who disagree) cut down to 3 sessions × 2 dialogs × 6 turns, and training settings
 * small enough that a fold trains in a few seconds on one shared core.
 */
import { join } from 'node:path'
import type { Services } from '../../src/main/services/create-services'
import { demoDialogs } from '../../src/main/services/demo/demo-corpus'
import { writeIemocapRelease } from '../../src/main/services/demo/iemocap-writer'
import type { StartTrainingRequest } from '../../src/shared/api/training'

export const TINY_SESSIONS = ['1', '2', '3']

export function writeTinyIemocap(dir: string): string {
  const root = join(dir, 'IEMOCAP_tiny')
  writeIemocapRelease(root, demoDialogs({ sessions: 3, turnsPerDialog: 6, seed: 7 }), {
    sampleRate: 16000,
    dialogAudio: 'mono'
  })
  return root
}

/** Imports the tiny corpus into the services' index; returns its corpus id. */
export async function importTiny(s: Services, dir: string): Promise<string> {
  const summary = await s.importer.importCorpus({ kind: 'iemocap', dir: writeTinyIemocap(dir) })
  return summary.corpus
}

/** One fold (session 3 held out), one epoch, a model of a few hundred weights, utterances cut to 0.5 s */
export const TINY_TRAIN: StartTrainingRequest = {
  testSession: '3',
  epochs: 1,
  filters: 4,
  filterWidths: [3, 5],
  maxSeconds: 0.5,
  batchSize: 8,
  parallelFolds: 1
}
