// One bounded TLS handshake (never throws), and the self-test that tells whether this OpenSSL can speak TLS 1.0/1.1 at all.
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import tls, { type PeerCertificate, type SecureVersion, type TLSSocket } from 'node:tls';

export interface HandshakeOptions {
  address: string;
  port: number;
  /** Host name for SNI; IP literals get no SNI. */
  host: string;
  /** Trusted roots; omitted for protocol probes, which only ask whether a version is accepted. */
  ca?: readonly string[];
  timeoutMs: number;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

export interface HandshakeSuccess {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  authorizationError: string | null;
  /** Leaf with issuerCertificate links (null when the server sent none). */
  peer: tls.DetailedPeerCertificate | null;
}

export interface HandshakeFailure {
  error: { code: string; message: string };
  /** True when the peer answered and refused (alert, reset, close) rather than never answering. */
  refused: boolean;
}

export type HandshakeResult = HandshakeSuccess | HandshakeFailure;

export function isHandshakeFailure(r: HandshakeResult): r is HandshakeFailure {
  return 'error' in r;
}

/** Cipher list that lets OpenSSL 3 offer TLS 1.0/1.1 (their SHA-1 signatures need security level 0). */
export const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';

/** "80EC…:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…" → "tlsv1 alert protocol version". */
function tlsErrorText(text: string): string {
  const line = text.split('\n')[0] ?? text;
  const reason = /error:[0-9A-F]+:[^:]+:[^:]*:([^:]+)/.exec(line)?.[1];
  return (reason ?? line).trim().slice(0, 300);
}

const NO_CA: readonly string[] = [];
const contexts = new WeakMap<readonly string[], Map<string, tls.SecureContext>>();

/** One secure context per root list and version pin: parsing ~150 root PEMs per connection would dominate the run. */
function secureContextFor(options: HandshakeOptions): tls.SecureContext {
  const ca = options.ca ?? NO_CA;
  let byPin = contexts.get(ca);
  if (!byPin) {
    byPin = new Map();
    contexts.set(ca, byPin);
  }
  const key = `${options.minVersion ?? ''}|${options.maxVersion ?? ''}|${options.ciphers ?? ''}`;
  let context = byPin.get(key);
  if (!context) {
    context = tls.createSecureContext({
      ca: options.ca ? [...options.ca] : undefined,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      ciphers: options.ciphers,
    });
    byPin.set(key, context);
  }
  return context;
}

export function handshake(options: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise<HandshakeResult>((resolve) => {
    let settled = false;
    let socket: TLSSocket | null = null;
    const finish = (result: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ error: { code: 'TIMEOUT', message: `no TLS handshake within ${options.timeoutMs} ms` }, refused: false }), options.timeoutMs);
    try {
      socket = tls.connect({
        host: options.address,
        port: options.port,
        servername: isIP(options.host) ? undefined : options.host,
        secureContext: secureContextFor(options),
        rejectUnauthorized: false,
        // hostname is verified separately (tls.checkServerIdentity) so a mismatch is its own fact
        checkServerIdentity: () => undefined,
      });
    } catch (error) {
      finish({ error: { code: (error as NodeJS.ErrnoException).code ?? 'TLS_SETUP', message: tlsErrorText(String((error as Error).message)) }, refused: false });
      return;
    }
    socket.once('secureConnect', () => {
      const s = socket as TLSSocket;
      let peer: tls.DetailedPeerCertificate | null = null;
      try {
        const detailed = s.getPeerCertificate(true);
        peer = detailed && Object.keys(detailed).length > 0 && (detailed as PeerCertificate).raw ? detailed : null;
      } catch {
        peer = null;
      }
      const authError = s.authorizationError as unknown;
      finish({
        protocol: s.getProtocol() ?? null,
        cipher: s.getCipher()?.name ?? null,
        authorized: s.authorized === true,
        authorizationError: authError ? String((authError as { code?: string }).code ?? authError) : null,
        peer,
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'TLS_ERROR';
      if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|RECORD_LAYER_FAILURE|HTTP_REQUEST/.test(code)) {
        finish({ error: { code: 'NOT_TLS', message: `the server did not answer with TLS (${tlsErrorText(error.message)})` }, refused: true });
        return;
      }
      const answered = code !== 'ECONNREFUSED' && code !== 'EHOSTUNREACH' && code !== 'ENETUNREACH' && code !== 'EADDRNOTAVAIL';
      finish({ error: { code, message: tlsErrorText(error.message) }, refused: answered });
    });
    socket.once('close', () => finish({ error: { code: 'CLOSED', message: 'connection closed before the TLS handshake completed' }, refused: true }));
  });
}

export interface LocalTlsSupport {
  openssl: string;
  legacyProtocols: boolean;
  legacyError: string | null;
  tls13: boolean;
}

let localSupport: Promise<LocalTlsSupport> | null = null;

/** Handshakes TLS 1.0 and 1.1 with itself on loopback, once per process: only then can a refusal be believed. */
export function localTlsSupport(timeoutMs = 5000): Promise<LocalTlsSupport> {
  localSupport ??= selfTest(timeoutMs);
  return localSupport;
}

const PSK_CIPHERS = 'PSK-AES128-CBC-SHA@SECLEVEL=0';
const SELF_TEST_PSK = Buffer.from('launchready-legacy-protocol-self-test');

/** Handshake pinned to one version with a pre-shared key (no certificate to generate), against our own server. */
function pskHandshake(port: number, version: 'TLSv1' | 'TLSv1.1', timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      minVersion: version,
      maxVersion: version,
      ciphers: PSK_CIPHERS,
      pskCallback: () => ({ psk: SELF_TEST_PSK, identity: 'launchready' }),
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => done(`${version}: no handshake within ${timeoutMs} ms`), timeoutMs);
    const done = (error: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    socket.once('secureConnect', () => done(socket.getProtocol() === version ? null : `${version}: negotiated ${socket.getProtocol()}`));
    socket.once('error', (e) => done(`${version}: ${tlsErrorText(e.message)}`));
  });
}

async function selfTest(timeoutMs: number): Promise<LocalTlsSupport> {
  const openssl = process.versions.openssl ?? 'unknown';
  const tls13 = tls.DEFAULT_MAX_VERSION === 'TLSv1.3' || /^(1\.1\.1|[3-9]\.)/.test(openssl);
  let server: tls.Server | null = null;
  try {
    server = tls.createServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: PSK_CIPHERS, pskCallback: () => SELF_TEST_PSK }, (s) => s.end());
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      (server as tls.Server).once('error', reject);
      (server as tls.Server).listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const errors = (await Promise.all((['TLSv1', 'TLSv1.1'] as const).map((v) => pskHandshake(port, v, timeoutMs)))).filter((e): e is string => e !== null);
    return { openssl, legacyProtocols: errors.length === 0, legacyError: errors.length > 0 ? errors.join('; ') : null, tls13 };
  } catch (error) {
    return { openssl, legacyProtocols: false, legacyError: tlsErrorText(String((error as Error).message)), tls13 };
  } finally {
    server?.close();
  }
}
