// A credential was committed in the past and removed since: it is still in every clone, so it must be rotated.
import { secretFindingKey } from '../../analyze/secret-rules.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'secrets.in-history',
    title: 'No credentials in the git history',
    failureTitle: 'A credential removed from the code is still in the git history',
    requires: ['secrets'],
    fix: 'Rotate the credential at its provider (deleting it from the code does not revoke it), then optionally purge history with git filter-repo.',
    docs: {
      why: 'A credential deleted from the current code is still in every clone, fork and CI cache of the repository: `git log -p` shows it to anyone with read access. Until it is rotated it still works.',
      fix: 'Rotate or revoke the credential at the provider first; that is the fix. Rewriting history (`git filter-repo --replace-text`) and force-pushing only limits future exposure and needs every clone re-cloned. Silence a value known to be dead by adding the finding’s fingerprint to `.launchreadyignore`.',
      references: [
        'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository',
        'https://github.com/newren/git-filter-repo',
      ],
    },
  },
  ({ secrets }) => {
    if (!secrets.gitRepo) return notApplicable('not a git repository: there is no history to scan');
    if (!secrets.history) return notApplicable('the repository has no commits');
    if (secrets.history.secrets.length === 0 && secrets.history.truncated) return cannotRun(`the history scan stopped early (${secrets.history.truncated})`);
    return secrets.history.secrets.map((s) => ({
      target: s.file,
      key: secretFindingKey(s.rule, s.value),
      title: `${s.description} in git history (${s.file}, commit ${s.commit.slice(0, 10)})`,
      evidence: { commit: s.commit, authorDate: s.authorDate, file: s.file, line: s.line, rule: s.rule, value: s.value },
    }));
  },
);
