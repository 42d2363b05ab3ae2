/**
 * Child process for the durability test: opens the index, makes one label edit, says "saved" only after the call
 * returned, then waits to be killed (SIGKILL: no exit handlers, no clean close of the database).
 */
import { createServices } from '../../src/main/services/create-services'

const [dbPath, utteranceId, category] = process.argv.slice(2)
const services = createServices({ dbPath })
services.labels.setLabel({ utteranceId, annotator: 'durability', category: category as 'ang' })
process.stdout.write('saved\n')
setInterval(() => undefined, 1000)
