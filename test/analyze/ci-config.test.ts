import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBuildCommand, isDeployCommand, isRollbackText, isTestCommand, isVersionInput, summarisePipelineYaml } from '../../src/analyze/ci-config.ts';

describe('CI configuration reading', () => {
  it('classifies commands', () => {
    for (const t of [
      'npm test',
      'pnpm run test',
      'yarn test:unit',
      'pytest -q',
      'go test ./...',
      'bundle exec rspec',
      'python -m pytest',
      'cargo test',
      './gradlew check',
      'pnpm -r test',
      'turbo run test',
      'make ci',
      './scripts/test.sh',
      'yarn workspaces foreach -A run test',
    ])
      assert.ok(isTestCommand(t), t);
    for (const t of ['npm ci', 'echo test', 'npm run lint', 'actions/checkout@v4']) assert.ok(!isTestCommand(t), t);
    for (const t of ['npm run build', 'docker build -t x .', 'go build ./...', 'docker/build-push-action@v5', 'make', 'pnpm -r build', 'turbo build'])
      assert.ok(isBuildCommand(t), t);
    for (const t of ['npm ci', 'echo building docs']) assert.ok(!isBuildCommand(t), t);
    for (const t of [
      'flyctl deploy',
      'kubectl apply -f k8s/',
      'git push heroku main',
      'vercel --prod',
      'superfly/flyctl-actions@1.5',
      './deploy.sh prod',
      'bash scripts/deploy-prod.sh',
      'bin/deploy',
    ])
      assert.ok(isDeployCommand(t), t);
    for (const t of ['superfly/flyctl-actions/setup-flyctl@master', 'npm test', 'echo deploying', 'cat docs/deploy.md']) assert.ok(!isDeployCommand(t), t);
    assert.ok(isRollbackText('kubectl rollout undo deployment/app') && isRollbackText('heroku rollback v41') && !isRollbackText('kubectl apply'));
    assert.ok(isVersionInput('version') && isVersionInput('image_tag') && !isVersionInput('environment'));
  });

  it('gives commands with lines, triggers and dispatch inputs', () => {
    const s = summarisePipelineYaml(
      'on:\n  workflow_dispatch:\n    inputs:\n      ref: {}\n  schedule:\n    - cron: "*/5 * * * *"\njobs:\n  a:\n    steps:\n      - run: |\n          npm ci\n          npm test\n',
    );
    assert.deepEqual(s.triggers, ['workflow_dispatch', 'schedule']);
    assert.deepEqual(s.dispatchInputs, ['ref']);
    assert.deepEqual(s.schedules, ['*/5 * * * *']);
    assert.deepEqual(s.commands, [
      { line: 11, text: 'npm ci' },
      { line: 12, text: 'npm test' },
    ]);
  });

  it('survives hostile YAML', () => {
    assert.ok(summarisePipelineYaml('a: [\n').error);
    const bomb = `a: &a ["x","x"]\n${Array.from({ length: 20 }, (_, i) => `b${i}: &b${i} [*${i === 0 ? 'a' : `b${i - 1}`}, *${i === 0 ? 'a' : `b${i - 1}`}]`).join('\n')}\nrun: ok\n`;
    const s = summarisePipelineYaml(bomb);
    assert.deepEqual(s.commands, [{ line: 22, text: 'ok' }]);
  });
});
