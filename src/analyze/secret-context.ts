// Where a detected credential sits and what kind of value it is: a reviewer treats a key in a production env file
// differently from the same shape in a docs example, a test mock, an emulator's published key or a public client key.
import { createHash } from 'node:crypto';
import type { PathTraits } from './secret-rules.js';

/**
 * live: can work against a real service (blocker). documentation / test / example: sits in docs, tests or mocks, or
 * templates. emulator: a published local-emulator key. public-key: a client key meant to ship to browsers.
 * local: a password for a database on localhost or a compose-internal host.
 */
export type SecretContext = 'live' | 'documentation' | 'test' | 'example' | 'emulator' | 'public-key' | 'local';

export const CONTEXT_LABEL: Record<SecretContext, string> = {
  live: 'live credential',
  documentation: 'example in documentation',
  test: 'test fixture or mock',
  example: 'example or template value',
  emulator: 'well-known emulator key',
  'public-key': 'public client key',
  local: 'local development credential',
};

const digest = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 24);

/**
 * SHA-256 prefixes of keys every emulator ships with: Azurite / Azure Storage emulator, Cosmos DB emulator, and the
 * QStash CLI dev server (`npx @upstash/qstash-cli dev` prints the same default-user token and signing keys everywhere).
 */
const EMULATOR_KEYS = new Set([
  '0011cc25eb4320717494d270',
  'aa6547439583c3a275d4542a',
  '86021db6fc0f81d1926d95c9',
  'b5f1743a394ce39b42493de7',
  '54c3b917bfd471e12e071353',
  'e0c74a99dae086939cf599a9',
  'f5f0ff3f6ee0f124c1086901',
]);

/**
 * SHA-256 prefixes of Google / Firebase API keys published in Google's own samples and documentation (gitleaks
 * allowlists the same keys). Hashes, so this file holds no key a scanner would flag.
 */
const PUBLISHED_EXAMPLE_KEYS = new Set([
  'f56e323494a6ffc2064e7a95',
  '2037abcaffb2b77785da716c',
  '3f370c9dd8225c63b5c77de1',
  'e4a5542bb7fd7b67e943c71a',
  'a19f89ab3555eac10c40741f',
  'eb540d2b6ee2a0a47c5779bc',
  '37f8f09bdf12c2f2eae4ead7',
  '8731261cb72d86267a32a532',
  '49f777db995e8260da7ca9ff',
  '27a9a42931dff7eb2f8434e2',
  'dc0fcf046c61640cbd1e8b99',
  '4c98242dcadc8b29005c6b4a',
  'ea9bb1082cf95663f5faca23',
  '3a8b61d0f636b007840c0d40',
  'a6c814bc555ae62c7bd8b58e',
]);

/** A key published as an example by its own vendor: not a leak anywhere. */
export function isPublishedExample(value: string): boolean {
  return value.length >= 30 && value.length <= 48 && PUBLISHED_EXAMPLE_KEYS.has(digest(value));
}

function jwtPart(token: string, index: number): Record<string, unknown> | null {
  const part = token.split('.')[index];
  if (!part) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const CLAIMS = ['sub', 'exp', 'iat', 'iss', 'aud', 'nbf', 'jti', 'uid', 'user', 'username', 'email', 'role', 'scope', 'sid'];

/** Dot-separated parts whose header and payload decode to JSON objects, the payload naming a subject, issuer or lifetime. */
export function isJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length < 2 || parts.length > 3 || jwtPart(token, 0) === null) return false;
  const payload = jwtPart(token, 1);
  return payload !== null && CLAIMS.some((claim) => claim in payload);
}

/** PostHog project keys and Firebase web config keys ship to every browser by design. */
function isPublicClientKey(value: string, line: string): boolean {
  if (/^phc_[A-Za-z0-9]{20,}$/.test(value)) return true;
  // Supabase anon keys are JWTs with role "anon": meant for the browser.
  if (value.startsWith('eyJ') && jwtPart(value, 1)?.role === 'anon') return true;
  return value.startsWith('AIza') && /firebase|google-services|GoogleService-Info/i.test(line);
}

const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[a-z][a-z0-9_-]{0,30})(?::\d+)?(?:[/?]|$)/i;

/** `scheme://user:VALUE@host`: a host on this machine or a compose service name (no dot) is a local default. */
function isLocalUrlPassword(value: string, line: string): boolean {
  const at = line.indexOf(`:${value}@`);
  if (at < 0) return false;
  return LOCAL_HOST.test(line.slice(at + value.length + 2));
}

export function hitContext(value: string, traits: PathTraits, line: string): SecretContext {
  if (EMULATOR_KEYS.has(digest(value))) return 'emulator';
  if (isPublicClientKey(value, line)) return 'public-key';
  if (traits.docs) return 'documentation';
  if (traits.testPath) return 'test';
  if (traits.exampleEnv) return 'example';
  if (isLocalUrlPassword(value, line)) return 'local';
  return 'live';
}
