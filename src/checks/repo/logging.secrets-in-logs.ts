import type { LogSecretKind } from '../../analyze/log-patterns.js';
import { cannotRun, defineCheck, inputMissing } from '../define.js';

/** Fewer distinct addresses than this is an admin or two, not a leak of user data. */
const BULK_EMAILS = 20;

const LABEL: Record<LogSecretKind, [string, string]> = {
  credential: ['credential', 'credentials'],
  'bearer-token': ['bearer token', 'bearer tokens'],
  jwt: ['JWT', 'JWTs'],
  'card-number': ['card number', 'card numbers'],
  email: ['email address', 'email addresses'],
};

const FIX: Record<LogSecretKind, string> = {
  credential: 'Rotate the logged credentials, then stop logging them (redact password/secret/token fields) and purge the old logs.',
  'bearer-token': 'Revoke the logged tokens, stop logging the Authorization header (redact it in the access log and app logger) and purge the old logs.',
  jwt: 'Stop logging JWTs (redact Authorization and cookies), shorten their lifetime or rotate the signing key if they are long-lived, and purge the old logs.',
  'card-number': 'Stop logging card numbers at once (PCI DSS forbids storing full PANs in logs), purge the logs and check which code path writes them.',
  email: 'Log user ids instead of email addresses, or hash them, and set a retention period for logs holding personal data.',
};

export default defineCheck(
  {
    id: 'logging.secrets-in-logs',
    title: 'Supplied log files hold no secrets or personal data in bulk',
    failureTitle: 'Log files contain credentials, tokens, card numbers or email addresses in bulk',
    requires: ['logs'],
    fix: 'Rotate what leaked, redact those fields in the logger and proxy access logs, and purge the affected logs.',
    docs: {
      why: 'Whatever is already in the logs has leaked to everyone who can read them: log platforms, support tools, backups. Credentials, bearer tokens and JWTs found there can be replayed; card numbers in logs break PCI DSS; thousands of email addresses make the logs a personal-data store under GDPR.',
      fix: 'Rotate or revoke the credentials and tokens found, then redact at the source (logger redaction, `log_format` without `$http_authorization`, no query strings with tokens) and purge or shorten retention of the affected files. The evidence shows counts per kind and masked samples with line numbers.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html', 'https://www.pcisecuritystandards.org/'],
    },
  },
  ({ logs }) => {
    if (logs.patterns.length === 0) return inputMissing('no log files configured (logs: in launchready.yml)');
    if (logs.logFiles.length === 0) return cannotRun(`no file matches the logs patterns: ${logs.unmatchedPatterns.join(', ')}`);
    const unreadable = logs.logFiles.filter((f) => f.error);
    if (unreadable.length === logs.logFiles.length) return cannotRun(`no log file could be read: ${unreadable.map((f) => f.error).join('; ')}`);
    const drafts = [];
    for (const f of logs.logFiles) {
      for (const kind of ['credential', 'bearer-token', 'jwt', 'card-number', 'email'] as LogSecretKind[]) {
        const count = kind === 'email' ? f.distinctEmails : f.counts[kind];
        if (count === 0 || (kind === 'email' && count < BULK_EMAILS)) continue;
        const [one, many] = LABEL[kind];
        drafts.push({
          target: f.file,
          key: kind,
          title: kind === 'email' ? `${f.file} contains ${count} distinct email addresses` : `${f.file} contains ${count} ${count === 1 ? one : many}`,
          evidence: {
            kind,
            count,
            occurrences: f.counts[kind],
            samples: f.samples.filter((s) => s.kind === kind).map((s) => `line ${s.line}: ${s.masked}`),
            lines: f.lines,
            ...(kind === 'email' ? { bulkThreshold: BULK_EMAILS } : {}),
          },
          fix: FIX[kind],
        });
      }
    }
    return drafts;
  },
);
