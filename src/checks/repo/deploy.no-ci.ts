import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'deploy.no-ci',
    title: 'A CI pipeline builds or tests the app',
    failureTitle: 'No CI pipeline builds or tests the app',
    requires: ['deploy'],
    fix: 'Add a CI workflow that installs dependencies, builds and runs the tests on every push (e.g. .github/workflows/ci.yml).',
    docs: {
      why: 'Without CI, every deploy ships whatever is on a laptop: a broken build or a failing test reaches production during launch traffic, when a rollback is most expensive. A pipeline that builds and tests each push is the cheapest gate there is.',
      fix: 'Add a pipeline that runs on every push and pull request and at least builds and tests, e.g. GitHub Actions `.github/workflows/ci.yml` with steps `npm ci`, `npm run build`, `npm test` (or `pytest`, `go test ./...`, `bundle exec rspec`). GitLab CI, CircleCI, Bitbucket Pipelines, Azure Pipelines and Jenkinsfiles count too.',
      references: ['https://docs.github.com/en/actions/automating-builds-and-tests/about-continuous-integration', 'https://docs.gitlab.com/ee/ci/quick_start/'],
    },
  },
  ({ deploy }) => {
    if (deploy.ci.some((p) => p.builds || p.tests)) return [];
    const found = deploy.ci.map((p) => `${p.file} (${p.system})`);
    return [
      {
        target: REPO_ROOT,
        title: found.length > 0 ? 'CI configuration exists but no job builds or tests the app' : 'No CI configuration found',
        evidence: { pipelines: found, filesScanned: deploy.filesScanned, truncated: deploy.truncated },
      },
    ];
  },
);
