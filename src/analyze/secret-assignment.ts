// Named credential assignments in any syntax (`x_token = "…"`, `"apiKey": …`, `$t .= …`, `setProperty("X_TOKEN", "…")`,
// `<xToken>…</xToken>`): find a credential word, widen it to the whole name, then read the operator and value with
// sticky regexes. No regex here can backtrack over more than a few bounded characters.
import { isCredentialShaped } from './secret-shape.js';

export interface AssignmentHit {
  name: string;
  value: string;
  /** 0-based index of the value in the line. */
  index: number;
}

/** Words that make a name a credential name. Bare `key` is not one: primaryKey, sortKey, keyFile, public_key. */
const CREDENTIAL_WORD =
  /token|secret|passw(?:or)?d|pwd|passphrase|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|credential|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|account[_.-]?key|license[_.-]?key|app[_.-]?key/gi;
const PASSWORD_WORD = /passw(?:or)?d|pwd|passphrase/i;
const NAME_CHAR = /[A-Za-z0-9_.$-]/;

/** Words after the credential word that make the value about a credential, not one (token_url, password_hash, api_key_id). */
const NOT_A_CREDENTIAL_NAME: ReadonlySet<string> = new Set(
  'url uri urls path file filename name names type types endpoint length len header prefix suffix format version hash hashed digest checksum sha mode field fields label policy expiry expires expiration ttl count size max min timeout regex pattern id ids provider algorithm alg storage cookie ref arn env var hint description message messages validation required enabled rotation location dir param strength confirm confirmation placeholder input class error errors kind store vault manager lookup template title text resource schema route routes rule rules scope scopes method methods usage limit limits interval selector generator column table index key_id'.split(
    ' ',
  ),
);
/** Words anywhere in the name that mark a value as public or not a credential (public_key, anon_key, csrf_token). */
const NOT_SECRET_ANYWHERE: ReadonlySet<string> = new Set(
  // partial / masked / truncated: the few characters a UI shows of a key (partialClientSecret: "app_secret_423e…")
  'public publishable anon search csrf xsrf authenticity placeholder hint partial masked truncated'.split(' '),
);
const CREDENTIAL_NAME_WORD = /^(?:token|secret|passw(?:or)?d|pwd|passphrase|apikey|credentials?|key)$/;

/** Operator after the name (optionally the closing quote of a quoted name and a Go `string` type). */
const OPERATOR = /["'\]]?(?:[ \t]{1,3}(?:string|String|str))?[ \t]{0,4}(?:::?:?=|[?.+]=|=>|<-|(?<![=!<>])=(?!=)|:(?!:))[ \t]{0,4}/y;
/** `setProperty("X_TOKEN", "value")`, `set("apiKey", 'value')`: a quoted name, a comma, a quoted value. */
const CALL_ARGUMENT = /["'][ \t]{0,4},[ \t]{0,4}/y;
const QUOTED_VALUE = /(["'`])([^\s"'`\\]{8,250})\1/y;
const BARE_VALUE = /([^\s"'`\\;,<>(){}[\]]{8,250})(?=[\s"'`\\;,<>(){}[\]]|$)/y;

/** Splits a name into lower-case words: `dbPasswordHash` → db, password, hash. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => NOT_SECRET_ANYWHERE.has(w))) return false;
  // Only qualifiers after the last credential word count: message_bird_token is a token, token_message is not.
  let last = -1;
  words.forEach((w, i) => {
    if (CREDENTIAL_NAME_WORD.test(w)) last = i;
  });
  if (words.slice(last + 1).some((w) => NOT_A_CREDENTIAL_NAME.has(w))) return false;
  // `tokenizer`, `secretary`, `passwordless`: other words that start like a credential word.
  return !words.some((w) => /^(?:tokeni[sz]|secretar|passwordless)/.test(w));
}

function readValue(line: string, at: number, allowBare: boolean): { value: string; index: number; quoted: boolean } | null {
  QUOTED_VALUE.lastIndex = at;
  const q = QUOTED_VALUE.exec(line);
  if (q) return { value: q[2] as string, index: at + 1, quoted: true };
  if (!allowBare) return null;
  BARE_VALUE.lastIndex = at;
  const b = BARE_VALUE.exec(line);
  return b ? { value: b[1] as string, index: at, quoted: false } : null;
}

/** Credential-shaped values assigned to credential names on one line. */
export function findAssignments(line: string): AssignmentHit[] {
  const hits: AssignmentHit[] = [];
  CREDENTIAL_WORD.lastIndex = 0;
  for (let m = CREDENTIAL_WORD.exec(line); m !== null; m = CREDENTIAL_WORD.exec(line)) {
    let start = m.index;
    while (start > 0 && m.index - start < 60 && NAME_CHAR.test(line[start - 1] as string)) start--;
    let end = m.index + m[0].length;
    while (end < line.length && end - m.index < 60 && NAME_CHAR.test(line[end] as string)) end++;
    CREDENTIAL_WORD.lastIndex = end;
    const name = line.slice(start, end).replace(/^\$/, '');
    // `workspace/api_keys/add_api_key: 3c76…`: the last segment of a key path (i18n hashes, routes) is not a variable.
    if (line[start - 1] === '/' || !isCredentialName(name)) continue;
    let valueAt = -1;
    OPERATOR.lastIndex = end;
    if (OPERATOR.exec(line)) valueAt = OPERATOR.lastIndex;
    else {
      CALL_ARGUMENT.lastIndex = end;
      if (/["']/.test(line[start - 1] ?? '') && CALL_ARGUMENT.exec(line)) valueAt = CALL_ARGUMENT.lastIndex;
    }
    if (valueAt < 0) continue;
    const found = readValue(line, valueAt, true);
    if (!found) continue;
    if (!isCredentialShaped(found.value, { password: PASSWORD_WORD.test(name), quoted: found.quoted })) continue;
    hits.push({ name, value: found.value, index: found.index });
    CREDENTIAL_WORD.lastIndex = Math.max(CREDENTIAL_WORD.lastIndex, found.index + found.value.length);
  }
  return hits;
}

const XML_OPEN = /^\s*<([A-Za-z0-9_][\w.-]{0,60})>\s*([^\s<]*)\s*(?:<\/([A-Za-z0-9_][\w.-]{0,60})>\s*)?$/;

/** `<apiToken>value</apiToken>` on one line, or the value alone on the line after `<apiToken>` (XML configs). */
export function findXmlElement(line: string, next: string | undefined, after: string | undefined): AssignmentHit | null {
  const open = XML_OPEN.exec(line);
  if (!open) return null;
  const name = open[1] as string;
  CREDENTIAL_WORD.lastIndex = 0;
  if (!CREDENTIAL_WORD.test(name) || !isCredentialName(name)) return null;
  let value = open[2] as string;
  let index = line.indexOf(value, line.indexOf('>') + 1);
  if (value === '' && open[3] === undefined && next !== undefined && after !== undefined && after.trim() === `</${name}>`) {
    value = next.trim();
    index = -1;
  } else if (open[3] !== name) return null;
  if (!isCredentialShaped(value, { password: PASSWORD_WORD.test(name), quoted: true })) return null;
  return { name, value, index };
}
