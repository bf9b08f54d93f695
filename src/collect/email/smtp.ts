// One bounded SMTP conversation with an MX host: banner, EHLO, STARTTLS, TLS handshake verified against the run's CA store.
import { connect as netConnect, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { StarttlsProbe } from '../../facts/email.js';

const MAX_LINE_BYTES = 2048;
const MAX_REPLY_LINES = 64;
const EHLO_NAME = 'launchready.invalid';

interface Reply {
  code: number;
  lines: string[];
}

/** Reads SMTP replies line by line from a socket, with hard caps on line length and reply size. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiter: ((r: Reply | Error) => void) | null = null;
  private failure: Error | null = null;

  constructor(private socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.feed(chunk.toString('latin1')));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  detach(): void {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const w = this.waiter;
    this.waiter = null;
    w?.(this.failure);
  }

  private feed(text: string): void {
    this.buffer += text;
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.lines.push(line);
      if (this.lines.length > MAX_REPLY_LINES) {
        this.fail(new Error(`reply longer than ${MAX_REPLY_LINES} lines`));
        return;
      }
      const m = /^(\d{3})([ -])/.exec(line) ?? /^(\d{3})$/.exec(line);
      if (!m) {
        this.fail(new Error(`malformed SMTP reply line "${line.slice(0, 80)}"`));
        return;
      }
      if (m[2] !== '-') {
        const reply = { code: Number(m[1]), lines: this.lines.map((l) => l.slice(4)) };
        this.lines = [];
        const w = this.waiter;
        this.waiter = null;
        w?.(reply);
        return;
      }
    }
    if (this.buffer.length > MAX_LINE_BYTES) this.fail(new Error(`reply line longer than ${MAX_LINE_BYTES} bytes`));
  }

  next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiter = (r) => (r instanceof Error ? reject(r) : resolve(r));
    });
  }
}

export interface SmtpProbeOptions {
  host: string;
  address: string;
  port: number;
  caCerts: string[];
  timeoutMs: number;
}

/** Never throws: every outcome, including timeouts, comes back in the probe. */
export async function probeStarttls(opts: SmtpProbeOptions): Promise<StarttlsProbe> {
  const probe: StarttlsProbe = { host: opts.host, port: opts.port, address: opts.address, banner: null, offered: null, tls: null, failure: null, error: null };
  let socket: Socket | TLSSocket | null = null;
  const timer = setTimeout(() => socket?.destroy(new Error(`no complete SMTP exchange within ${opts.timeoutMs} ms`)), opts.timeoutMs);
  try {
    const plain = netConnect({ host: opts.address, port: opts.port });
    socket = plain;
    const reader = new ReplyReader(plain);
    const banner = await reader.next();
    probe.banner = (banner.lines[0] ?? '').slice(0, 200);
    if (banner.code !== 220) throw Object.assign(new Error(`banner ${banner.code}`), { smtp: true });
    plain.write(`EHLO ${EHLO_NAME}\r\n`);
    const ehlo = await reader.next();
    if (ehlo.code !== 250) throw Object.assign(new Error(`EHLO answered ${ehlo.code}`), { smtp: true });
    probe.offered = ehlo.lines.slice(1).some((l) => /^STARTTLS\b/i.test(l.trim()));
    if (!probe.offered) {
      probe.failure = 'not-offered';
      plain.write('QUIT\r\n');
      return probe;
    }
    plain.write('STARTTLS\r\n');
    const ready = await reader.next();
    if (ready.code !== 220) throw Object.assign(new Error(`STARTTLS answered ${ready.code} ${ready.lines[0] ?? ''}`.trim()), { smtp: true });
    reader.detach();
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: plain, servername: opts.host, ca: opts.caCerts, rejectUnauthorized: false });
      socket = s;
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
    const cert = secure.getPeerCertificate();
    const code = secure.authorizationError ? String(secure.authorizationError) : null;
    probe.tls = {
      authorized: secure.authorized,
      authorizationError: code,
      protocol: secure.getProtocol() ?? null,
      subject: cert?.subject?.CN ? String(cert.subject.CN) : null,
      issuer: cert?.issuer?.CN ? String(cert.issuer.CN) : null,
      validTo: cert?.valid_to ?? null,
    };
    if (!secure.authorized) {
      probe.failure = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'wrong-host' : code === 'CERT_HAS_EXPIRED' ? 'expired' : 'untrusted';
      probe.error = code;
    }
    secure.write('QUIT\r\n');
    return probe;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { smtp?: boolean };
    probe.error = String(e.message).split('\n')[0]?.slice(0, 300) ?? 'SMTP failure';
    probe.failure ??= e.smtp ? 'smtp-error' : probe.offered ? 'handshake' : 'connect';
    return probe;
  } finally {
    clearTimeout(timer);
    (socket as Socket | TLSSocket | null)?.end();
    (socket as Socket | TLSSocket | null)?.destroy();
  }
}
