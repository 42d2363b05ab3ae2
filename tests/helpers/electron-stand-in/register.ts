/** `node --import tsx/esm --import ./register.ts …`: installs hooks.ts, so 'electron' is the stand-in. */
import { register } from 'node:module'

register('./hooks.ts', import.meta.url)
