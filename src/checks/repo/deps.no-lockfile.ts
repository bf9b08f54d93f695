import { defineCheck, notApplicable } from '../define.js';

const LOCK_COMMAND: Record<string, string> = {
  'package.json': 'run `npm install` (or `pnpm install` / `yarn install`) and commit the lockfile',
  'requirements.txt': 'pin every requirement with == (e.g. `pip-compile requirements.in` or `pip freeze > requirements.txt`), or use poetry/uv and commit the lock',
  'pyproject.toml': 'run `poetry lock` or `uv lock` and commit the lockfile',
  Pipfile: 'run `pipenv lock` and commit Pipfile.lock',
  Gemfile: 'run `bundle install` and commit Gemfile.lock',
  'go.mod': 'run `go mod tidy` and commit go.sum',
  'Cargo.toml': 'run `cargo generate-lockfile` and commit Cargo.lock',
  'composer.json': 'run `composer update --lock` and commit composer.lock',
};

export default defineCheck(
  {
    id: 'deps.no-lockfile',
    title: 'Every package manifest has a lockfile',
    failureTitle: 'A package manifest has no lockfile: builds are not repeatable',
    requires: ['deps'],
    fix: 'Generate the lockfile for the manifest and commit it; install with the frozen-lockfile command in CI and deploys.',
    docs: {
      why: 'Without a lockfile every build resolves version ranges again: the deploy on launch day can pull a dependency release that nobody tested (or a compromised one), and a rollback does not bring back the same code. A committed lockfile makes builds repeatable and auditable.',
      fix: 'Commit the lockfile next to the manifest (package-lock.json / pnpm-lock.yaml / yarn.lock, poetry.lock / uv.lock or a fully pinned requirements.txt, Gemfile.lock, go.sum, Cargo.lock) and install from it: `npm ci`, `pnpm install --frozen-lockfile`, `pip install -r requirements.txt`, `bundle install --frozen`.',
      references: ['https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json', 'https://pip.pypa.io/en/stable/topics/repeatable-installs/'],
    },
  },
  ({ deps }) => {
    if (deps.manifests.length === 0) return notApplicable('no package manifest with dependencies in the repository');
    return deps.manifests
      .filter((m) => m.lockfile === null)
      .map((m) => ({
        target: m.file,
        title: `${m.file} has no lockfile`,
        evidence: { manifest: m.file, ecosystem: m.ecosystem, dependencies: m.dependencies },
        fix: `${m.file}: ${LOCK_COMMAND[m.kind] ?? 'generate and commit its lockfile'}.`,
      }));
  },
);
