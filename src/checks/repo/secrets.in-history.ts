// A credential was committed in the past and removed since: it is still in every clone, so it must be rotated.
import { CONTEXT_LABEL } from '../../analyze/secret-context.js';
import { secretFindingKey } from '../../analyze/secret-rules.js';
import type { HistoryScan } from '../../facts/secrets.js';
import type { FindingDraft } from '../../types.js';
import { cannotRun, defineCheck, notApplicable, partialFindings } from '../define.js';

/** `stopped after 595 of 8,240 commits (time limit of 180 s reached)`. */
function howFar(history: HistoryScan): string {
  const of = history.totalCommits ? ` of ${history.totalCommits.toLocaleString('en-US')}` : '';
  return `the history scan stopped after ${history.commits.toLocaleString('en-US')}${of} commits (${history.truncated})`;
}

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
    const history = secrets.history;
    if (!history) return notApplicable('the repository has no commits');
    if (history.secrets.length === 0 && history.truncated) return cannotRun(`${howFar(history)}; older commits were not scanned`);
    const findings: FindingDraft[] = history.secrets.map((s) => ({
      target: s.file,
      key: secretFindingKey(s.rule, s.value),
      ...(s.context === 'live' ? {} : { severity: 'info' as const }),
      title:
        s.context === 'live'
          ? `${s.description} in git history (${s.file}, commit ${s.commit.slice(0, 10)})`
          : `${s.description} in git history (${s.file}, commit ${s.commit.slice(0, 10)}, ${CONTEXT_LABEL[s.context]})`,
      evidence: { commit: s.commit, authorDate: s.authorDate, file: s.file, line: s.line, rule: s.rule, value: s.value, context: s.context },
    }));
    if (history.omitted > 0) {
      findings.push({
        target: 'git history',
        key: 'omitted',
        severity: 'info',
        title: `${history.omitted} more credential${history.omitted === 1 ? '' : 's'} in history not listed (the report keeps the first ${history.secrets.length})`,
        evidence: { listed: history.secrets.length, omitted: history.omitted },
      });
    }
    if (!history.truncated) return findings;
    // Say it in the report too: a cut scan's findings are a lower bound, not the whole history.
    findings.push({
      target: 'git history',
      key: 'truncated',
      severity: 'info',
      title: `The history scan was cut short: ${history.commits} of ${history.totalCommits ?? 'all'} commits scanned`,
      evidence: { commitsScanned: history.commits, totalCommits: history.totalCommits, stoppedBecause: history.truncated },
    });
    return partialFindings(findings, `${howFar(history)}: findings cover the newest commits only`);
  },
);
