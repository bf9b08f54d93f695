// A .env file with real values is tracked: every clone gets the production configuration and its credentials.
import { defineCheck } from '../define.js';

function isLocalOrTestEnv(path: string): boolean {
  return /(?:^|\/)\.env\.(?:test|testing|ci|development|dev|e2e)$/i.test(path);
}

export default defineCheck(
  {
    id: 'secrets.env-file-committed',
    title: 'No .env files with values are tracked',
    failureTitle: 'A .env file with values is committed',
    requires: ['secrets'],
    fix: 'git rm --cached the file, add it to .gitignore, commit a .env.example with names only, and rotate the values it held.',
    docs: {
      why: 'A `.env` file exists to keep configuration and credentials out of the code; once tracked, every value in it is shared with everyone who can read the repository and stays in history after deletion.',
      fix: 'Run `git rm --cached .env` (keep your local copy), add `.env` and `.env.*` with `!.env.example` to `.gitignore`, commit a `.env.example` listing the variable names with placeholder values, and rotate every credential the file held.',
      references: ['https://12factor.net/config', 'https://github.com/motdotla/dotenv#should-i-commit-my-env-file'],
    },
  },
  ({ secrets }) =>
    secrets.envFiles.map((f) => ({
      target: f.path,
      // .env.test / .env.ci / .env.development holding no live credential are local or test settings: low.
      ...(isLocalOrTestEnv(f.path) && !secrets.hardcoded.some((s) => s.file === f.path && s.context === 'live') ? { severity: 'low' as const } : {}),
      title: `${f.path} is committed with ${f.variables.length} value${f.variables.length === 1 ? '' : 's'}`,
      fix: `git rm --cached ${f.path} && echo '${f.path.slice(f.path.lastIndexOf('/') + 1)}' >> .gitignore; then rotate ${f.variables.slice(0, 3).join(', ')}${f.variables.length > 3 ? ' and the rest' : ''}.`,
      evidence: { file: f.path, variables: f.variables.slice(0, 20), count: f.variables.length },
    })),
);
