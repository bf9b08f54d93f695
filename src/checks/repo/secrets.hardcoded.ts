// A credential sits in a tracked file at HEAD (or the working tree): anyone with the repository can use it.
import { CONTEXT_LABEL } from '../../analyze/secret-context.js';
import { secretFindingKey } from '../../analyze/secret-rules.js';
import type { FindingDraft } from '../../types.js';
import { cannotRun, defineCheck, partialFindings } from '../define.js';

export default defineCheck(
  {
    id: 'secrets.hardcoded',
    title: 'No credentials in tracked files',
    failureTitle: 'A credential is committed in the repository',
    requires: ['secrets'],
    fix: 'Rotate the credential at its provider, move it to the deploy platform’s secret store or an untracked .env, and read it from the environment.',
    docs: {
      why: 'Everyone who can read the repository (every laptop, CI runner, fork and backup) holds a working copy of a committed credential, and leaked keys are harvested from public and private repositories within minutes. Removing the line does not help: the value stays in history, so it must be rotated.',
      fix: 'Revoke or rotate the credential at the provider first, then replace the literal with an environment variable (`process.env.STRIPE_SECRET_KEY`, `os.environ["STRIPE_SECRET_KEY"]`) set in the deploy platform’s secret store. A value that is deliberately public or fake can be silenced with a `launchready:ignore` comment on the line or the line above (a comment there saying it is not a secret, such as `// not actually a secret`, counts the same), or by adding the finding’s fingerprint to `.launchreadyignore`. Stored password hashes (bcrypt `$2b$…`, argon2 `$argon2id$…`, scrypt, crypt(3), Django `pbkdf2_sha256$…`, Werkzeug) in seeds and fixtures are not reported: a hash signs nobody in. Neither are values in example and sample folders (an SDK example page), sentences in kebab or snake case under a non-password name (`e2e-test-secret-at-least-32-chars-long`), nor partial or masked values (`partialClientSecret`).',
      references: ['https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure', 'https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning'],
    },
  },
  ({ secrets }) => {
    // A scan that stopped early cannot vouch for the files it did not read.
    if (secrets.hardcoded.length === 0 && secrets.scanned.truncated) return cannotRun(`the file scan stopped early (${secrets.scanned.truncated})`);
    const findings: FindingDraft[] = secrets.hardcoded.map((s) => {
      const live = s.context === 'live';
      return {
        target: s.file,
        key: secretFindingKey(s.rule, s.value),
        // Only a value that can be live is a blocker; docs examples, fixtures, emulator and public keys are named and info.
        ...(live ? {} : { severity: 'info' as const }),
        title: live ? `${s.description} committed in ${s.file}` : `${s.description} in ${s.file} (${CONTEXT_LABEL[s.context]})`,
        evidence: { file: s.file, line: s.line, rule: s.rule, value: s.value, context: s.context },
      };
    });
    if (secrets.omitted > 0) {
      findings.push({
        target: 'repository',
        key: 'omitted',
        severity: findings.some((f) => f.severity === undefined) ? 'high' : 'info',
        title: `${secrets.omitted} more credential finding${secrets.omitted === 1 ? '' : 's'} not listed (the report keeps the first ${secrets.hardcoded.length})`,
        evidence: { listed: secrets.hardcoded.length, omitted: secrets.omitted },
      });
    }
    if (secrets.scanned.truncated) return partialFindings(findings, `the file scan stopped early (${secrets.scanned.truncated}): files not read were not judged`);
    return findings;
  },
);
