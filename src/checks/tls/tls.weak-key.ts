import { canonicalHandshakeGap, completedHandshakes, noHandshakeReason, servedCertificates, tlsTarget } from '../../analyze/tls-certificates.js';
import type { TlsCertificateFacts } from '../../facts/tls.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

/** Minimum bits per key type: RSA/DSA 2048, elliptic curves 256. */
function isWeak(cert: TlsCertificateFacts): boolean {
  if (cert.keyBits === null) return false;
  if (cert.keyType === 'rsa' || cert.keyType === 'rsa-pss' || cert.keyType === 'dsa') return cert.keyBits < 2048;
  if (cert.keyType === 'ec') return cert.keyBits < 256;
  return false;
}

export default defineCheck(
  {
    id: 'tls.weak-key',
    title: 'Certificate keys are at least RSA 2048 or EC 256 bits',
    failureTitle: 'A certificate uses a weak key',
    requires: ['tls'],
    fix: 'Re-issue with a 2048-bit (or larger) RSA key or a P-256 ECDSA key, e.g. certbot --key-type ecdsa.',
    docs: {
      why: 'RSA keys under 2048 bits are within reach of well-funded attackers and are rejected by current browsers and by OpenSSL at its default security level, so some clients cannot connect at all.',
      fix: 'Generate a new key and certificate: `certbot certonly --key-type ecdsa --elliptic-curve secp256r1 -d HOST` or `openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -out req.csr` for your CA, then serve it and reload.',
      references: ['https://csrc.nist.gov/pubs/sp/800/131/a/r2/final', 'https://cabforum.org/working-groups/server/baseline-requirements/requirements/'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const drafts = hosts.flatMap((host) => {
      const weak = servedCertificates(host).filter(isWeak);
      if (weak.length === 0) return [];
      const first = weak[0] as TlsCertificateFacts;
      return [
        {
          target: tlsTarget(host),
          title: `${tlsTarget(host)} serves a certificate with a ${first.keyBits}-bit ${first.keyType?.toUpperCase()} key`,
          evidence: { certificates: weak.map((c) => ({ subject: c.subject, keyType: c.keyType, keyBits: c.keyBits, curve: c.curve })) },
          fix: `Re-issue the certificate for ${host.host} with a new 2048-bit RSA or P-256 ECDSA key (certbot certonly --key-type ecdsa -d ${host.host}) and reload.`,
        },
      ];
    });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);
