// Checks of the tls stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import certExpired from './tls.cert-expired.js';
import certExpiring from './tls.cert-expiring.js';
import certHostnameMismatch from './tls.cert-hostname-mismatch.js';
import certUntrusted from './tls.cert-untrusted.js';
import legacyProtocol from './tls.legacy-protocol.js';
import noAutoRenewSignal from './tls.no-auto-renew-signal.js';
import noTls13 from './tls.no-tls13.js';
import subdomainNotCovered from './tls.subdomain-not-covered.js';
import weakKey from './tls.weak-key.js';

export const tlsChecks: AnyCheck[] = [certExpired, certExpiring, certHostnameMismatch, certUntrusted, legacyProtocol, noTls13, weakKey, noAutoRenewSignal, subdomainNotCovered];
