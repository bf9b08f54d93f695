// .gitignore does not ignore .env: the next `git add .` commits local credentials.
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'secrets.env-not-ignored',
    title: '.env is ignored by git',
    failureTitle: '.gitignore does not ignore .env',
    requires: ['secrets'],
    fix: "Add '.env' and '.env.*' (with '!.env.example') to .gitignore.",
    docs: {
      why: 'Most frameworks read local credentials from `.env`. When git does not ignore it, one `git add .` or `git commit -a` publishes them to everyone with access to the repository.',
      fix: 'Add these lines to `.gitignore` at the repository root:\n\n```\n.env\n.env.*\n!.env.example\n```',
      references: ['https://git-scm.com/docs/gitignore', 'https://github.com/github/gitignore/blob/main/Node.gitignore'],
    },
  },
  ({ secrets }) => (secrets.envIgnored.ignored ? [] : [{ target: '.gitignore', evidence: { path: '.env', ignored: false, checkedWith: secrets.envIgnored.method } }]),
);
