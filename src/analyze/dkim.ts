// DKIM key records (RFC 6376 section 3.6.1): tag list, flags, and the RSA key size measured from the key itself.
import { createPublicKey } from 'node:crypto';

/** Selectors of common sending providers, tried when the config names none (or in addition to the configured ones). */
export const COMMON_DKIM_SELECTORS = [
  'google',
  'selector1',
  'selector2',
  'k1',
  'k2',
  'k3',
  's1',
  's2',
  'default',
  'mail',
  'dkim',
  'mandrill',
  'everlytickey1',
  'everlytickey2',
  'zoho',
  'smtp',
  'pm',
  'mxvault',
  'mailjet',
  'fm1',
  'fm2',
  'fm3',
  'protonmail',
  'cm',
  'key1',
] as const;

export interface DkimKey {
  /** Tags as published (lower-cased names). */
  tags: Record<string, string>;
  keyType: string;
  /** Modulus length for RSA keys, 256 for ed25519; null when the key does not parse. */
  keyBits: number | null;
  testing: boolean;
  /** p= present but empty: the key was revoked. */
  revoked: boolean;
  errors: string[];
}

/** True when a TXT record looks like a DKIM key at all (v=DKIM1 or a p= tag). */
export function looksLikeDkim(record: string): boolean {
  return /^\s*v\s*=\s*DKIM1/i.test(record) || /(^|;)\s*p\s*=/i.test(record);
}

export function parseDkimKey(record: string): DkimKey {
  const errors: string[] = [];
  const tags: Record<string, string> = {};
  const parts = record.split(';').slice(0, 64);
  parts.forEach((part, index) => {
    if (part.trim() === '') return;
    const eq = part.indexOf('=');
    if (eq < 0) {
      errors.push(`"${part.trim().slice(0, 40)}" is not a tag=value pair`);
      return;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .replace(/\s+/g, '')
      .trim();
    if (!/^[a-z][a-z0-9_]*$/.test(name)) errors.push(`invalid tag name "${name.slice(0, 20)}"`);
    if (name in tags) errors.push(`tag ${name}= appears twice`);
    if (name === 'v' && index !== 0) errors.push('v= must be the first tag');
    tags[name] = value;
  });
  if (tags.v !== undefined && tags.v !== 'DKIM1') errors.push(`v=${tags.v} is not DKIM1`);
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  if (keyType !== 'rsa' && keyType !== 'ed25519') errors.push(`unknown key type k=${keyType}`);
  const flags = (tags.t ?? '').split(':').map((f) => f.trim().toLowerCase());
  const p = tags.p;
  let keyBits: number | null = null;
  const revoked = p === '';
  if (p === undefined) errors.push('no p= tag (public key)');
  else if (p !== '') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p)) errors.push('p= is not base64');
    else keyBits = measureKey(p, keyType, errors);
  }
  return { tags, keyType, keyBits, testing: flags.includes('y'), revoked, errors };
}

function measureKey(p: string, keyType: string, errors: string[]): number | null {
  const der = Buffer.from(p, 'base64');
  if (keyType === 'ed25519') {
    if (der.length !== 32) errors.push(`ed25519 key is ${der.length} bytes, expected 32`);
    return 256;
  }
  // DKIM publishes SubjectPublicKeyInfo, but some signers publish a bare PKCS#1 RSAPublicKey
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') {
        errors.push(`k=rsa but the key is ${key.asymmetricKeyType}`);
        return null;
      }
      return key.asymmetricKeyDetails?.modulusLength ?? null;
    } catch {
      // try the next encoding
    }
  }
  errors.push('p= does not hold a valid RSA public key');
  return null;
}
