// One bounded HTTP(S) exchange through the network context. Uses node:http/https rather than undici because a
// security audit needs the socket itself: TLS authorization state, the peer certificate and the exact address used.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import type { NetContext } from './context.js';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Raw bytes read from the wire at most (default 1 MiB); the rest is never read. */
  maxBodyBytes?: number;
  /** Decoded bytes kept at most after decompression (default 2 MiB). */
  maxDecodedBytes?: number;
  /** Whole exchange deadline, connect to last byte (default: the context's timeout). */
  timeoutMs?: number;
  /** Decode gzip/deflate/br bodies (default true). */
  decode?: boolean;
  /** Report the leaf certificate's notAfter as `peerNotAfter` (https only; monitors watch expiry through it). */
  peerNotAfter?: boolean;
}

export interface HttpTlsState {
  authorized: boolean;
  authorizationError: string | null;
  protocol: string | null;
  cipher: string | null;
}

export interface HttpResponse {
  url: string;
  status: number;
  statusText: string;
  httpVersion: string;
  /** Lower-cased header names, every value in order (Set-Cookie stays a list). */
  headers: Record<string, string[]>;
  /** Decoded body prefix as UTF-8 text. */
  body: string;
  /** Raw (encoded) bytes read. */
  bodyBytes: number;
  /** True when the body was cut at maxBodyBytes / maxDecodedBytes or the stream ended early. */
  bodyTruncated: boolean;
  remoteAddress: string | null;
  timing: { ttfbMs: number; totalMs: number };
  tls: HttpTlsState | null;
  /** The leaf certificate's notAfter (ms since the epoch), only when the request asked for it; null when none was seen. */
  peerNotAfter?: number | null;
}

export interface HttpFailure {
  error: { code: string; message: string };
  url: string;
  remoteAddress?: string | null;
}

export type HttpResult = HttpResponse | HttpFailure;

export function isHttpFailure(r: HttpResult): r is HttpFailure {
  return 'error' in r;
}

/** First value of a header (case-insensitive name). */
export function header(response: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  return response.headers[name.toLowerCase()]?.[0];
}

const MAX_HEADER_BYTES = 64 * 1024;

function classify(error: NodeJS.ErrnoException, timedOut: boolean): { code: string; message: string } {
  if (timedOut) return { code: 'TIMEOUT', message: 'no complete answer before the deadline' };
  const code = error.code ?? 'ERROR';
  if (code === 'HPE_HEADER_OVERFLOW') return { code: 'HEADER_OVERFLOW', message: `response headers larger than ${MAX_HEADER_BYTES} bytes` };
  if (code.startsWith('HPE_')) return { code: 'BAD_HTTP', message: `malformed HTTP response (${code})` };
  if (code === 'ECONNREFUSED') return { code, message: 'connection refused' };
  if (code === 'ECONNRESET') return { code, message: 'connection reset by peer' };
  if (/SSL|TLS|ERR_SSL|EPROTO/.test(code) || /SSL|TLS|wrong version/i.test(error.message)) return { code: 'TLS_FAILURE', message: error.message.split('\n')[0] ?? 'TLS failure' };
  return { code, message: error.message.split('\n')[0] ?? code };
}

function peerNotAfter(socket: TLSSocket): number | null {
  try {
    const validTo = socket.getPeerCertificate?.()?.valid_to;
    const ms = validTo ? Date.parse(validTo) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  } catch {
    return null;
  }
}

/** Perform one request (no redirect following). Never throws: failures come back as data. */
export async function httpRequest(ctx: NetContext, request: HttpRequest): Promise<HttpResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { url: request.url, error: { code: 'BAD_URL', message: `not a URL: ${request.url}` } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { url: request.url, error: { code: 'BAD_URL', message: `unsupported scheme ${url.protocol}` } };
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const found = await ctx.lookup(hostname, port);
  if (found.error) return { url: request.url, error: { code: 'DNS', message: found.error.message } };
  const address = found.addresses[0] as string;
  return ctx.limit(() => exchange(ctx, request, url, secure, port, hostname, address));
}

const rootContexts = new WeakMap<readonly string[], SecureContext>();

/** One secure context per root list: parsing ~150 root PEMs on every https request dominated audit time. */
function trustedRoots(ca: readonly string[]): SecureContext {
  let context = rootContexts.get(ca);
  if (!context) {
    context = createSecureContext({ ca: [...ca] });
    rootContexts.set(ca, context);
  }
  return context;
}

function exchange(ctx: NetContext, request: HttpRequest, url: URL, secure: boolean, port: number, hostname: string, address: string): Promise<HttpResult> {
  const maxBody = request.maxBodyBytes ?? 1024 * 1024;
  const maxDecoded = request.maxDecodedBytes ?? 2 * 1024 * 1024;
  const deadline = request.timeoutMs ?? ctx.timeoutMs;
  const started = performance.now();
  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    let timedOut = false;
    const finish = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const headers: Record<string, string> = {
      'user-agent': 'launchready (+https://github.com/launchready/launchready)',
      accept: '*/*',
      ...request.headers,
      host: url.host,
    };
    const options: https.RequestOptions = {
      host: address,
      family: isIP(address),
      port,
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      maxHeaderSize: MAX_HEADER_BYTES,
      ...(secure ? { servername: isIP(hostname) ? undefined : hostname, secureContext: trustedRoots(ctx.caCerts), rejectUnauthorized: false } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      const ttfbMs = performance.now() - started;
      const socket = res.socket as TLSSocket;
      const tls: HttpTlsState | null = secure
        ? {
            authorized: socket.authorized === true,
            authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
            protocol: socket.getProtocol?.() ?? null,
            cipher: socket.getCipher?.()?.name ?? null,
          }
        : null;
      const notAfter = secure && request.peerNotAfter ? peerNotAfter(socket) : undefined;
      const responseHeaders: Record<string, string[]> = {};
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        const name = (res.rawHeaders[i] as string).toLowerCase();
        (responseHeaders[name] ??= []).push(res.rawHeaders[i + 1] as string);
      }
      const chunks: Buffer[] = [];
      let rawBytes = 0;
      let truncated = false;
      const encoding = (responseHeaders['content-encoding']?.[0] ?? '').trim().toLowerCase();
      const decode = request.decode !== false && request.method !== 'HEAD';
      let decoder: zlib.Gunzip | zlib.BrotliDecompress | zlib.Inflate | null = null;
      if (decode && (encoding === 'gzip' || encoding === 'x-gzip')) decoder = zlib.createGunzip();
      else if (decode && encoding === 'br') decoder = zlib.createBrotliDecompress();
      else if (decode && encoding === 'deflate') decoder = zlib.createInflate();
      const decoded: Buffer[] = [];
      let decodedBytes = 0;
      const done = () => {
        const body = Buffer.concat(decoder ? decoded : chunks)
          .subarray(0, maxDecoded)
          .toString('utf8');
        finish({
          url: url.href,
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: res.httpVersion,
          headers: responseHeaders,
          body,
          bodyBytes: rawBytes,
          bodyTruncated: truncated,
          remoteAddress: address,
          timing: { ttfbMs, totalMs: performance.now() - started },
          tls,
          ...(notAfter !== undefined ? { peerNotAfter: notAfter } : {}),
        });
      };
      if (decoder) {
        const inflater = decoder;
        inflater.on('data', (chunk: Buffer) => {
          if (settled) return;
          decoded.push(chunk);
          decodedBytes += chunk.length;
          // A compression bomb: stop inflating and reading as soon as enough text is kept.
          if (decodedBytes >= maxDecoded) {
            truncated = true;
            res.destroy();
            req.destroy();
            inflater.destroy();
            done();
          }
        });
        decoder.on('error', () => {
          truncated = true;
          done();
        });
        decoder.on('end', done);
      }
      res.on('data', (chunk: Buffer) => {
        if (rawBytes + chunk.length > maxBody) {
          const keep = chunk.subarray(0, maxBody - rawBytes);
          rawBytes += keep.length;
          truncated = true;
          if (decoder) decoder.end(keep);
          else chunks.push(keep);
          res.destroy();
          req.destroy();
          if (!decoder) done();
          return;
        }
        rawBytes += chunk.length;
        if (decoder) decoder.write(chunk);
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (decoder) decoder.end();
        else done();
      });
      res.on('error', () => {
        truncated = true;
        if (decoder) decoder.end();
        else done();
      });
      res.on('aborted', () => {
        truncated = true;
      });
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('deadline'));
    }, deadline);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      finish({ url: url.href, remoteAddress: address, error: classify(error, timedOut) });
    });
    if (request.body) req.write(request.body);
    req.end();
  });
}
