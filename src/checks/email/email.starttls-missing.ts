import type { StarttlsFailure } from '../../facts/email.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

const WHY: Record<StarttlsFailure, string> = {
  'not-offered': 'does not offer STARTTLS',
  untrusted: 'presents a certificate that is not trusted',
  'wrong-host': 'presents a certificate for another host name',
  expired: 'presents an expired certificate',
  handshake: 'offers STARTTLS but the TLS handshake fails',
  'smtp-error': 'refuses the SMTP conversation',
  connect: 'could not be reached',
  unresolvable: 'does not resolve',
};

const FIX: Record<StarttlsFailure, string> = {
  'not-offered': 'enable STARTTLS (postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem, fullchain.pem)',
  untrusted: 'install a certificate from a public CA with its full chain (postfix: smtpd_tls_chain_files)',
  'wrong-host': 'install a certificate whose names include the MX host name',
  expired: 'renew the certificate and reload the MTA',
  handshake: 'fix the TLS configuration (protocols, key and chain files) so a modern client can complete the handshake',
  'smtp-error': 'let the MTA answer EHLO and STARTTLS from the internet',
  connect: 'check the MX host is up and port 25 is open',
  unresolvable: 'publish an A/AAAA record for the MX host',
};

export default defineCheck(
  {
    id: 'email.starttls-missing',
    title: 'Every MX host offers STARTTLS with a valid certificate',
    failureTitle: 'An MX host does not offer STARTTLS or its certificate fails',
    requires: ['email'],
    fix: 'Enable STARTTLS on every MX host with a certificate from a trusted CA that names the host.',
    docs: {
      why: 'Without STARTTLS, mail to you (including password-reset replies and customer messages) crosses the internet in clear text; with an untrusted or wrong-host certificate, MTA-STS and DANE senders refuse to deliver at all. The check holds a real SMTP conversation (EHLO, STARTTLS, TLS handshake verified against the trusted roots and the MX host name) on email.smtpPort (default 25).',
      fix: "In postfix: `smtpd_tls_security_level = may` and `smtpd_tls_chain_files = /etc/ssl/private/mx.key, /etc/ssl/certs/mx-fullchain.pem` with a certificate (e.g. Let's Encrypt) for the MX host name; hosted providers do this for you.",
      references: ['https://www.rfc-editor.org/rfc/rfc3207', 'https://www.rfc-editor.org/rfc/rfc8461#section-4.1'],
    },
  },
  ({ email }) => {
    if (email.mx.nullMx || email.mx.hosts.length === 0) return notApplicable('no MX host to connect to');
    const judged = email.starttls.filter((p) => p.failure !== 'connect' && p.failure !== 'unresolvable');
    if (judged.length === 0 && email.starttls.length > 0) {
      return cannotRun(`no MX host could be reached: ${email.starttls.map((p) => `${p.host}:${p.port} ${p.error ?? ''}`.trim()).join('; ')}`);
    }
    return email.starttls
      .filter((p) => p.failure !== null)
      .map((p) => {
        const failure = p.failure as StarttlsFailure;
        return {
          target: `${p.host}:${p.port}`,
          key: failure,
          title: `MX host ${p.host} ${WHY[failure]}`,
          ...(failure === 'connect' || failure === 'unresolvable' ? { severity: 'low' as const } : {}),
          evidence: { host: p.host, port: p.port, address: p.address, failure, error: p.error, banner: p.banner, starttlsOffered: p.offered, certificate: p.tls },
          fix: `On ${p.host}: ${FIX[failure]}.`,
        };
      });
  },
);
