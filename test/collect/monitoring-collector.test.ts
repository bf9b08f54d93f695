import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectMonitoring, monitoringCollector } from '../../src/collect/monitoring/index.ts';
import { planFor } from '../support/facts.ts';
import { writeRepo } from '../support/repo-fixture.ts';

const T = { timeout: 20_000 };

describe('monitoring collector', () => {
  it('runs without a repository (the monitor config alone counts)', T, async () => {
    assert.equal(monitoringCollector.missingInput(planFor({ repo: null })), null);
    const facts = await collectMonitoring(null);
    assert.deepEqual([facts.repo, facts.sdks, facts.uptimeMonitors], [null, [], []]);
  });

  it('Node: Sentry installed and initialised, Rollbar installed only; Checkly checks with Slack alerts', T, async () => {
    const repo = await writeRepo({
      'package.json': JSON.stringify({ dependencies: { '@sentry/node': '8.0.0', rollbar: '2.26.0', express: '4.0.0' }, devDependencies: { '@sentry/cli': '2.0.0' } }),
      'src/instrument.ts': "import * as Sentry from '@sentry/node';\n\nSentry.init({ dsn: process.env.SENTRY_DSN });\n",
      '__checks__/api.check.ts':
        "import { ApiCheck, SlackAlertChannel } from 'checkly/constructs';\nconst slack = new SlackAlertChannel('slack', { url: new URL(process.env.SLACK_URL!) });\nnew ApiCheck('orders', { request: { url: 'https://app.acme.test/api/orders', method: 'GET' }, alertChannels: [slack] });\n",
    });
    try {
      const f = await collectMonitoring(repo.dir);
      assert.deepEqual(
        f.sdks.map((s) => [s.provider, s.package]),
        [
          ['Sentry', '@sentry/node'],
          ['Rollbar', 'rollbar'],
        ],
      );
      assert.deepEqual(
        f.initialisations.map((i) => [i.provider, i.file, i.line]),
        [['Sentry', 'src/instrument.ts', 3]],
      );
      assert.equal(f.uptimeMonitors.length, 1);
      assert.equal(f.uptimeMonitors[0]?.provider, 'Checkly ApiCheck');
      assert.deepEqual(f.uptimeMonitors[0]?.targets, ['https://app.acme.test/api/orders']);
      assert.deepEqual(
        f.alertChannels.map((a) => [a.type, a.line]),
        [['chat', 2]],
      );
    } finally {
      await repo.remove();
    }
  });

  it("Next.js: Axiom's onRequestError hook in instrumentation.ts reports server errors", T, async () => {
    const repo = await writeRepo({
      'apps/web/package.json': JSON.stringify({ dependencies: { '@axiomhq/js': '1.3.1', '@axiomhq/nextjs': '0.1.6', next: '15.0.0' } }),
      'apps/web/instrumentation.ts':
        'import { logger } from "@/lib/axiom/server";\nimport { createOnRequestError } from "@axiomhq/nextjs";\n\nexport const onRequestError = createOnRequestError(logger);\n',
    });
    try {
      const f = await collectMonitoring(repo.dir);
      assert.deepEqual(
        f.sdks.map((s) => [s.provider, s.package]),
        [['Axiom', '@axiomhq/nextjs']],
      );
      assert.deepEqual(
        f.initialisations.map((i) => [i.provider, i.file, i.line]),
        [['Axiom', 'apps/web/instrumentation.ts', 4]],
      );
    } finally {
      await repo.remove();
    }
  });

  it('Python, Ruby, Go SDKs; Gatus; Terraform; Uptime Kuma; Alertmanager; scheduled curl workflow', T, async () => {
    const repo = await writeRepo({
      'requirements.txt': 'Django==5.0\nsentry-sdk[django]==2.1.0\n',
      'settings.py': 'import sentry_sdk\nsentry_sdk.init(dsn=DSN)\n',
      Gemfile: "source 'https://rubygems.org'\ngem 'honeybadger'\n",
      'config/honeybadger.yml': 'api_key: <%= ENV["HB"] %>\n',
      'go.mod': 'module x\n\nrequire (\n\tgithub.com/getsentry/sentry-go v0.27.0\n)\n',
      'templates/base.html': '<script src="https://cdn.lr-ingest.io/LogRocket.min.js" crossorigin></script>\n<script>window.LogRocket && LogRocket.init("acme/app");</script>\n',
      'monitoring/gatus.yaml':
        'alerting:\n  slack:\n    webhook-url: ${SLACK}\nendpoints:\n  - name: api\n    url: https://app.acme.test/api/health\n    conditions:\n      - "[STATUS] == 200"\n      - "[CERTIFICATE_EXPIRATION] > 240h"\n',
      'infra/monitors.tf':
        'resource "uptimerobot_monitor" "web" {\n  friendly_name = "web"\n  url           = "https://app.acme.test/"\n}\n\nresource "uptimerobot_alert_contact" "ops" {\n  type  = "email"\n  value = "ops@acme.test"\n}\n',
      'ops/kuma-backup.json': JSON.stringify({
        monitorList: [{ name: 'login', url: 'https://app.acme.test/login', expiryNotification: true }],
        notificationList: [{ config: '{"type":"discord"}' }],
      }),
      'ops/alertmanager.yml': 'route:\n  receiver: pager\nreceivers:\n  - name: pager\n    pagerduty_configs:\n      - service_key: x\n',
      '.github/workflows/uptime.yml':
        'on:\n  schedule:\n    - cron: "*/10 * * * *"\njobs:\n  ping:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsS https://app.acme.test/api/orders\n      - if: failure()\n        uses: slackapi/slack-github-action@v1\n',
    });
    try {
      const f = await collectMonitoring(repo.dir);
      assert.deepEqual([...new Set(f.sdks.map((s) => s.provider))].sort(), ['Honeybadger', 'LogRocket', 'Sentry']);
      assert.ok(f.initialisations.some((i) => i.provider === 'LogRocket' && i.file === 'templates/base.html' && i.line === 2));
      assert.ok(f.sdks.some((s) => s.package === 'github.com/getsentry/sentry-go'));
      assert.ok(f.initialisations.some((i) => i.provider === 'Sentry' && i.file === 'settings.py' && i.line === 2));
      assert.ok(f.initialisations.some((i) => i.provider === 'Honeybadger' && i.file === 'config/honeybadger.yml'));
      const byProvider = Object.fromEntries(f.uptimeMonitors.map((m) => [m.provider, m]));
      assert.equal(byProvider.Gatus?.watchesCertificate, true);
      assert.equal(byProvider.Gatus?.line, 5);
      assert.deepEqual(byProvider['terraform uptimerobot_monitor']?.targets, ['https://app.acme.test/']);
      assert.equal(byProvider['Uptime Kuma']?.watchesCertificate, true);
      assert.deepEqual(byProvider['scheduled CI check']?.targets, ['https://app.acme.test/api/orders']);
      const channels = f.alertChannels.map((a) => `${a.type}:${a.provider}`).sort();
      for (const c of ['chat:Gatus slack', 'email:uptimerobot_alert_contact', 'chat:Uptime Kuma discord', 'pager:Alertmanager pagerduty', 'chat:scheduled CI check'])
        assert.ok(channels.includes(c), `${c} in ${channels}`);
    } finally {
      await repo.remove();
    }
  });

  it('hostile files never crash it', T, async () => {
    const repo = await writeRepo({
      'package.json': '{not json',
      'gatus.yaml': 'endpoints: [ {{{\n url: x',
      'kuma.json': '{"monitorList": [1, null, "x", {"url": 5}]}',
      'x.tf': 'resource "betteruptime_monitor" "a" {'.repeat(2000),
    });
    try {
      const f = await collectMonitoring(repo.dir);
      assert.doesNotThrow(() => JSON.stringify(f));
      assert.equal(f.sdks.length, 0);
    } finally {
      await repo.remove();
    }
  });
});
