/**
 * TLS for the team server off loopback: the certificate and key an admin gives, or a self-signed pair made once with
 * the `openssl` command (node:crypto makes keys but not X.509 certificates) and kept beside the server's state, so
 * its SHA-256 fingerprint, printed at every start, stays the same for the annotators who pinned it.
 */
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { SerError } from '../../../shared/errors'

export interface TlsFiles {
  cert: Buffer
  key: Buffer
  /** SHA-256 of the certificate, colon-separated hex as browsers show it */
  fingerprint: string
  selfSigned: boolean
}

export function readTls(certPath: string, keyPath: string, selfSigned = false): TlsFiles {
  const read = (p: string, what: string) => {
    try {
      return readFileSync(p)
    } catch (e) {
      throw new SerError('FILE_UNREADABLE', `${p}: cannot read the TLS ${what} (${(e as Error).message})`, { file: p })
    }
  }
  const cert = read(certPath, 'certificate')
  let fingerprint: string
  try {
    fingerprint = new X509Certificate(cert).fingerprint256
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${certPath}: not a PEM certificate (${(e as Error).message})`, {
      file: certPath
    })
  }
  return { cert, key: read(keyPath, 'key'), fingerprint, selfSigned }
}

/** The self-signed pair in `dir` for `host`, made on first use (P-256, valid 825 days, the host as its SAN) */
export function selfSignedTls(dir: string, host: string): TlsFiles {
  const certPath = join(dir, 'team-cert.pem')
  const keyPath = join(dir, 'team-key.pem')
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const san = isIP(host) ? `IP:${host}` : `DNS:${host}`
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '825',
          '-subj',
          `/CN=${host}`,
          '-addext',
          `subjectAltName=${san}`,
          '-keyout',
          keyPath,
          '-out',
          certPath
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      )
    } catch (e) {
      throw new SerError(
        'UNAVAILABLE',
        `openssl: cannot make a self-signed certificate (${(e as Error).message.split('\n')[0]}); install openssl or give --cert and --key`
      )
    }
  }
  return readTls(certPath, keyPath, true)
}
