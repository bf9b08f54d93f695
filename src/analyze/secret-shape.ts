// What a credential looks like, as opposed to a word, an identifier, an enum value, a URL or a placeholder.
// Linear-time string tests only: every function here walks its input a bounded number of times.
import { shannonEntropy } from './entropy.js';

const CHUNK = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

export interface ChunkStats {
  /** Letter runs of one or two characters (a capitalised word counts as one run): random tokens are full of them. */
  shortLetterRuns: number;
  digitRuns: number;
  longestDigitRun: number;
}

/** Letter and digit runs of a value: `s3_credentials_error` → s, 3, credentials, error. */
function chunkStats(value: string): ChunkStats {
  const stats: ChunkStats = { shortLetterRuns: 0, digitRuns: 0, longestDigitRun: 0 };
  for (const chunk of value.match(CHUNK) ?? []) {
    if (/\d/.test(chunk[0] as string)) {
      stats.digitRuns++;
      stats.longestDigitRun = Math.max(stats.longestDigitRun, chunk.length);
    } else if (chunk.length <= 2) stats.shortLetterRuns++;
  }
  return stats;
}

/**
 * Words, identifiers and translations are made of long letter runs with at most a short number or two
 * (`s3_credentials_error`, `ultraPictureBox1`, `API-nyckel`); random tokens switch class every few characters.
 */
function isIdentifierLike(value: string): boolean {
  const c = chunkStats(value);
  // Three or more capitalised words (AgencyIdentificationCode…) read as text even around a number.
  const words = value.match(/[A-Z][a-z]{3,}/g) ?? [];
  if (words.length >= 3 && words.join('').length >= value.length / 2) return true;
  return c.shortLetterRuns <= 1 && c.digitRuns <= 2 && c.longestDigitRun <= 4;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]{1,20}:\/\//i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+.][\w.-]*)?$|snapshot|release/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)?[\w.~-]+(?:\/[\w.~-]+)+\/?$|^[\w.-]+\.(?:pem|key|crt|cer|p12|pfx|json|txt|ya?ml|keytab|jks|env|html?|png|svg|js|ts)$/i;
const CODE_REFERENCE =
  /^(?:process\.env|os\.environ|os\.getenv|env\.|ENV\[|import\.meta|config\.|settings\.|self\.|this\.|req\.|request\.|params\.|args\.|options\.|opts\.|props\.|var\.|local\.|data\.|module\.|window\.|document\.)/;
const IDENTIFIER_CHAIN = /^[A-Za-z_$][\w$]{0,40}(?:\.[A-Za-z_$][\w$]{0,40})+$/;
/** Interpolations and template markers: the value is filled in elsewhere. */
const TEMPLATE = /\$\{|\{\{|\$\(|%\(|#\{|<%|%[A-Z_]+%|^\$[A-Za-z_]|^<.*>$|^\[.*\]$/;

/** Placeholders a template or a doc uses instead of a value: `xxxx`, `<your key>`, `...`, `CHANGE_ME`, `YOUR_TOKEN_HERE`. */
const PLACEHOLDER_MARKERS =
  /x{4,}|X{4,}|\*{3,}|#{4,}|\.\.\.|…|changeme|change[_-]me|change[_-]this|placeholder|^your[_-]|[_-]your[_-]|[_-]here$|_here_|redacted|replace[_-]?me|insert[_-]|not[_-]?a[_-]?real|dummy|^example|example$|^sample|^fake|^todo/i;

/** Words that make up placeholder passwords: a value made only of these (and a few digits) is a placeholder. */
const PLACEHOLDER_WORDS =
  /password|passwd|secret|changeme|change|example|sample|dummy|default|some|your|super|admin|root|postgres|mysql|user|pass|pwd|test|token|demo|local|dev|my|the|me|here|key|db/g;

/** A password a person wrote as a placeholder (`mysecretpassword`, `supersecret`), not one that merely contains a word. */
export function isPlaceholderPassword(value: string): boolean {
  const rest = value
    .toLowerCase()
    .replace(PLACEHOLDER_WORDS, '')
    .replace(/[-_.\s]/g, '');
  return rest.length === 0 || /^\d{1,4}$/.test(rest);
}

/** Marker placeholders and single repeated characters; true means "not a credential". */
export function isPlaceholder(value: string): boolean {
  if (/^(.)\1+$/.test(value) || longestRun(value) >= Math.max(8, value.length * 0.4)) return true;
  if (TEMPLATE.test(value)) return true;
  // Vendors mark documentation keys with EXAMPLE (AWS: AKIAIOSFODNN7EXAMPLE).
  return PLACEHOLDER_MARKERS.test(value) || value.includes('EXAMPLE');
}

/** Longest run of one repeated character (`glc_1111…`, `sntryu_aaaa…` are demo values). */
function longestRun(value: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    run = i > 0 && value[i] === value[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Ascending or descending runs (abcdefgh, 12345678) make a value a demo, not a key. */
export function hasSequentialRun(value: string, run = 8): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= run || down >= run) return true;
  }
  return false;
}

const B64 = '[A-Za-z0-9+/]';
const CRYPT64 = '[./A-Za-z0-9]';
/**
 * Password hashes as libraries store them: one-way, so a hash grants no access (seed users, fixtures).
 * bcrypt ($2a$/$2b$/$2y$, cost, 53 characters), argon2 PHC strings, passlib scrypt, crypt(3) MD5/SHA-256/SHA-512/yescrypt,
 * Django (pbkdf2_sha256$…, argon2$…, bcrypt_sha256$…, scrypt$…) and Werkzeug (pbkdf2:sha256:…$salt$hex, scrypt:n:r:p$…).
 */
const PASSWORD_HASH = new RegExp(
  [
    `^\\$2[abxy]?\\$\\d{2}\\$${CRYPT64}{53}$`,
    `^(?:argon2)?\\$argon2(?:id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$${B64}{8,}\\$${B64}{16,}$`,
    `^\\$scrypt\\$ln=\\d+,r=\\d+,p=\\d+\\$${CRYPT64.replace(']', '+]')}{8,}\\$${CRYPT64.replace(']', '+]')}{16,}$`,
    `^\\$1\\$${CRYPT64}{1,8}\\$${CRYPT64}{22}$`,
    `^\\$[56]\\$(?:rounds=\\d+\\$)?${CRYPT64}{1,16}\\$${CRYPT64}{43}(?:${CRYPT64}{43})?$`,
    `^\\$y\\$${CRYPT64}+\\$${CRYPT64}+\\$${CRYPT64}{43}$`,
    `^pbkdf2_sha(?:1|256|512)\\$\\d+\\$[\\w./+-]{1,64}\\$${B64}{20,}={0,2}$`,
    `^bcrypt(?:_sha256)?\\$\\$2[abxy]?\\$\\d{2}\\$${CRYPT64}{53}$`,
    `^scrypt\\$${B64}{1,64}\\$\\d+\\$\\d+\\$\\d+\\$${B64}{20,}={0,2}$`,
    `^(?:pbkdf2:sha(?:1|256|512)(?::\\d+)?|scrypt:\\d+:\\d+:\\d+)\\$[\\w./+-]{1,64}\\$[0-9a-f]{32,}$`,
  ].join('|'),
);

/** A stored password hash (bcrypt, argon2, scrypt, crypt(3), Django, Werkzeug), not a credential. */
export function isPasswordHash(value: string): boolean {
  return value.length <= 250 && PASSWORD_HASH.test(value);
}

export interface ShapeOptions {
  /** A password-like name: people choose shorter values with symbols. */
  password: boolean;
  /** The value was quoted (a string literal), not a bare word that may be an expression. */
  quoted: boolean;
}

/** A word of a phrase: one case (or Capitalised) with a vowel (test, Chars, LONG), a short number, or an abbreviation like e2e, k8s. */
const PHRASE_WORD = /^(?:[a-z]*[aeiouy][a-z]*|[A-Z][a-z]*[aeiouy][a-z]*|[A-Z]*[AEIOUY][A-Z]*|\d{1,4}|[a-z]\d{1,2}[a-z])$/;

/** Four or more words joined by -, _ or . (at least three of them real words of three letters or more). */
function isPhrase(value: string): boolean {
  const words = value.split(/[-_.]/);
  if (words.length < 4 || !words.every((w) => PHRASE_WORD.test(w))) return false;
  return words.filter((w) => /^[A-Za-z]{3,}$/.test(w)).length >= 3;
}

/**
 * Does a value assigned to a credential-sounding name look like a credential? Rejects words, identifiers, enum values,
 * i18n strings, URLs, paths, UUIDs, versions, code references and placeholders.
 */
export function isCredentialShaped(value: string, options: ShapeOptions): boolean {
  const minLength = options.password ? 8 : 12;
  if (value.length < minLength || value.length > 250) return false;
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  if (URL_LIKE.test(value) || EMAIL.test(value) || VERSION.test(value)) return false;
  // A UUID assigned to a credential name (not an *_id) is a key: Heroku, Snyk and Postmark tokens are UUIDs.
  if (UUID.test(value)) return !/^0{8}|^12345678/.test(value);
  if (FILE_PATH.test(value) || CODE_REFERENCE.test(value)) return false;
  // A password hash in a seed or fixture is the output of a one-way function: it signs nobody in.
  if (isPasswordHash(value)) return false;
  if (isPlaceholder(value) || hasSequentialRun(value)) return false;
  if (options.password && isPlaceholderPassword(value)) return false;
  // a sentence in kebab or snake case (e2e-test-secret-at-least-32-chars-long) describes a value; people choose
  // passphrases as passwords, so a password name keeps them
  if (!options.password && isPhrase(value)) return false;
  if (!/[A-Za-z]/.test(value)) return false;
  // One lower-case run with digits in it and no word structure (no separators, no case change): a generated token.
  const structureless = /^[a-z0-9]{17,}$/.test(value) && /\d/.test(value);
  if (!structureless && (isIdentifierLike(value) || IDENTIFIER_CHAIN.test(value))) return false;
  if (shannonEntropy(value) < (options.password ? 2.8 : 3.2)) return false;
  const runs = chunkStats(value);
  // Letters only: a random mix of cases (many short runs), or a password with symbols.
  if (runs.digitRuns === 0) return runs.shortLetterRuns >= 4 || (options.password && /[^A-Za-z]/.test(value));
  // Unquoted, the value could be a variable: demand a clearly random shape.
  return options.quoted || options.password || runs.shortLetterRuns + runs.digitRuns >= 5;
}
