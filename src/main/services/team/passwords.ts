/**
 * Password hashing with scrypt (node:crypto): N = 2^15, r = 8, p = 1, a 16-byte salt, a 32-byte key; the parameters
 * travel with the hash (`scrypt$N$r$p$salt$key`), so they can be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

const N = 1 << 15
const R = 8
const P = 1
const KEY_BYTES = 32
/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so leave room */
const MAXMEM = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: MAXMEM }, (e, key) =>
      e ? reject(e) : resolve(key)
    )
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [n, r, p] = parts.slice(1, 4).map(Number)
  const key = Buffer.from(parts[5], 'base64')
  const got = await derive(password, Buffer.from(parts[4], 'base64'), n, r, p)
  return got.length === key.length && timingSafeEqual(got, key)
}

/** A one-time password: 120 random bits, 20 URL-safe characters */
export function oneTimePassword(): string {
  return randomBytes(15).toString('base64url')
}

/** A hash of nothing, verified against when the name is unknown, so both answers take as long */
let decoy: Promise<string> | null = null
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}
