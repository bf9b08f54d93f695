// Terminal report: REPORT.md's section order, the verdict wording, width limits, colour only when asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evidenceSummary } from '../../src/report/formats/common.ts';
import { renderTerminal } from '../../src/report/formats/terminal.ts';
import { hugeReport, readyReport, sampleReport } from '../support/sample-report.ts';

const plain = { color: false, width: 80, htmlPath: 'launchready-report.html' };
const lines = (text: string) => text.replace(/\n$/, '').split('\n');

describe('terminal reporter', () => {
  it('says a --baseline was applied even when nothing was fixed, and names what was fixed', () => {
    const none = sampleReport({ baseline: true });
    none.fixed = [];
    assert.match(renderTerminal(none, plain), /Against the baseline: \d+ new, \d+ known, 0 fixed/);
    const text = renderTerminal(sampleReport({ baseline: true }), plain);
    assert.match(text, /Against the baseline: \d+ new, \d+ known, 1 fixed\n {2}fixed: http\.hsts-weak at https:\/\/www\.acme\.test\//);
    assert.doesNotMatch(renderTerminal(sampleReport(), plain), /Against the baseline/);
  });

  it("explains the gaps in the blockers' fix order numbers and marks the highs that fill them", () => {
    // the sample's blockers are fix #1, #2, #3 and #7: #4-#6 are high findings a reader would otherwise never find
    const text = renderTerminal(sampleReport(), { ...plain, width: 200 });
    assert.match(text, /#4, #5, #6 are high findings, marked "fix #" in the risks below/);
    assert.match(text, /where: .* · tls\.cert-expiring · owner: [^·]+ · fix #4\n/);
    assert.doesNotMatch(renderTerminal(readyReport(), plain), /fix #|places in one fix order/);
  });

  it('prints the sections in REPORT.md order', () => {
    const text = renderTerminal(sampleReport(), plain);
    const order = [
      'Not launch-ready: 4 blockers',
      'MINIMUM BAR',
      'BLOCKERS, IN FIX ORDER',
      'RISKS BY STAGE',
      'DOMAIN MAP',
      'PERFORMANCE BASELINE',
      'ENVIRONMENT VARIABLES',
      'MIGRATIONS',
      'WHAT DID NOT RUN',
    ];
    let at = -1;
    for (const marker of order) {
      const i = text.indexOf(marker);
      assert.ok(i > at, `${marker} missing or out of order`);
      at = i;
    }
    assert.match(text, /grade F \(score 0\/100\) · target https:\/\/app\.acme\.test\/ · ran in 12\.3 s/);
  });

  it('ends with the one-line CI summary', () => {
    const report = sampleReport();
    assert.equal(lines(renderTerminal(report, plain)).at(-1), 'launchready: 4 blockers, 6 high, 5 medium · grade F · report: launchready-report.html');
    assert.equal(lines(renderTerminal(report, { ...plain, htmlPath: null })).at(-1), 'launchready: 4 blockers, 6 high, 5 medium · grade F');
  });

  it('lists blockers in fix order with where, owner, fix and dependencies', () => {
    const text = renderTerminal(sampleReport(), plain);
    // the top bottlenecks follow the blockers, before the risk list
    const section = text.slice(text.indexOf('BLOCKERS, IN FIX ORDER'), text.indexOf('TOP 1 BOTTLENECK'));
    const numbers = [...section.matchAll(/^ {2,3}(\d+)\. /gm)].map((m) => Number(m[1]));
    assert.deepEqual(numbers, [1, 2, 3, 7]);
    assert.match(section, /expired 3 days ago \(after 1\)/);
    assert.match(section, /where: status\.acme\.test · owner: Dana · dns\.dangling-cname/);
    assert.match(section, /fix: Rotate the key in the Stripe dashboard/);
  });

  it('groups the risk list by roadmap stage with evidence and fix, leaving info out', () => {
    const text = renderTerminal(sampleReport(), plain);
    const risks = text.slice(text.indexOf('RISKS BY STAGE'), text.indexOf('DOMAIN MAP'));
    assert.match(risks, /^Domain and email \(11\)$/m);
    assert.match(risks, /^Deployment safety \(4\)$/m);
    assert.match(risks, /saw: cname: acme-status\.herokudns\.com; rcode: NXDOMAIN/);
    assert.match(risks, /fix: acme\.test\. CAA 0 issue "letsencrypt\.org"/);
    assert.doesNotMatch(risks, /no AAAA record/, 'info findings are not in the risk list');
    assert.match(risks, /2 info findings not listed/);
  });

  it('draws the domain map as a tree, and compresses "not implemented yet" into one line', () => {
    const text = renderTerminal(sampleReport(), plain);
    assert.match(text, /^app\.acme\.test \[app · canonical\] → 203\.0\.113\.10, 2001:db8::10/m);
    assert.match(text, /^ {4}rule: every variant ends on https:\/\/app\.acme\.test\/;/m);
    assert.match(text, /^mx1\.acme\.test \[MX 10\] → 203\.0\.113\.25$/m);
    assert.match(text, /^ {2}├─ http:\/\/app\.acme\.test\/ 301 → 200 → https:\/\/app\.acme\.test\/$/m);
    assert.match(text, /TLS: R11 \(Let’s Encrypt\) · expired 3 days ago · TLSv1\.2 · untrusted/);
    assert.match(text, /^ {2}8 checks not implemented yet$/m);
    assert.doesNotMatch(text, /db\.unused-index/);
    assert.match(text, /could not run \(2\): logs collector failed/);
  });

  it('fits every line but the CI summary into the width, at 80, 60 and 120 columns', () => {
    for (const width of [60, 80, 120]) {
      for (const report of [sampleReport(), readyReport(), hugeReport(300)]) {
        const all = lines(renderTerminal(report, { ...plain, width }));
        for (const line of all.slice(0, -1)) assert.ok([...line].length <= width, `${width}: ${[...line].length} > ${width}: ${line}`);
      }
    }
  });

  it('colours by severity only when asked, and strips escapes that hostile evidence carries', () => {
    const report = sampleReport();
    const mono = renderTerminal(report, plain);
    assert.doesNotMatch(mono, /\u001b/);
    const colour = renderTerminal(report, { ...plain, color: true });
    assert.match(colour, /\u001b\[1;31mBLOCKER\u001b\[0m/);
    assert.match(colour, /\u001b\[33mMEDIUM\u001b\[0m/);
    // Only our SGR colour codes: the hostile ESC[2J / OSC title from the evidence are gone.
    const allowed = new Set(['\u001b[0m', '\u001b[1m', '\u001b[1;31m', '\u001b[1;32m', '\u001b[1;33m', '\u001b[2m', '\u001b[31m', '\u001b[32m', '\u001b[33m', '\u001b[36m']);
    for (const code of colour.match(/\u001b[^m]*m/g) ?? []) assert.ok(allowed.has(code), JSON.stringify(code));
    assert.doesNotMatch(colour, /\u001b\]|\u0007/);
    // Same layout with and without colour.
    assert.equal(colour.replace(/\u001b\[[0-9;]*m/g, ''), mono);
  });

  it('says launch-ready only when nothing blocks and every bar row passes', () => {
    assert.match(renderTerminal(readyReport(), plain), /^Launch-ready: 0 blockers, 0 high$/m);
    const unknown = readyReport();
    const row = unknown.minimumBar.find((r) => r.row === 'monitoring');
    assert.ok(row);
    Object.assign(row, { status: 'unknown', missing: 'no monitoring configuration' });
    assert.match(renderTerminal(unknown, plain), /^No blockers found, but 1 minimum-bar row unknown$/m);
    const failing = readyReport();
    Object.assign(failing.minimumBar[0] as object, { status: 'fail', findings: ['dns.single-nameserver'] });
    assert.match(renderTerminal(failing, plain), /^No blockers found, but 1 minimum-bar row fails$/m);
  });

  it('cuts a huge risk list with a count', () => {
    const text = renderTerminal(hugeReport(600), plain);
    assert.match(text, /… and \d+ more findings: see the html or json report\./);
  });

  it('the header never splits the run time: "ran in 1 min" / "59 s" read as two values', () => {
    const report = sampleReport();
    report.durationMs = 119_000;
    for (let width = 40; width <= 90; width++) {
      const head = renderTerminal(report, { ...plain, width })
        .split('\n')
        .slice(0, 4)
        .join('\n');
      assert.match(head, /1 min 59 s/, `width ${width}:\n${head}`);
    }
  });

  it('masked secrets stay masked', () => {
    const text = renderTerminal(sampleReport(), plain);
    assert.doesNotMatch(text, /sk_live_51HxQe2/);
    assert.match(text, /sk_l…\(34 chars\)/);
  });

  // documenso: `saw: file: apps/docs/content/…/database.mdx; line: 59; rule: database-url-wi…` cut the rule name, and
  // `passes: params` became `passe…`: the part that says what matched was the part lost.
  it('saw: shortens evidence values, never the rule or check name, and stays within the width', () => {
    const report = sampleReport();
    const finding = report.findings.find((f) => f.id === 'secrets.in-history');
    assert.ok(finding);
    finding.evidence = {
      file: 'apps/docs/content/docs/self-hosting/configuration/advanced/storage/providers/database-connection-strings.mdx',
      line: 59,
      rule: 'database-url-with-password',
      value: 'p%40…(13 chars)',
      context: 'documentation',
      snippet: 'DATABASE_URL=postgres://documenso:p%40…(13 chars)@db.internal.example.com:5432/documenso?sslmode=require&connection_limit=10',
    };
    for (const width of [60, 80, 120]) {
      const text = renderTerminal(report, { ...plain, width });
      const all = lines(text);
      const at = all.findIndex(
        (l, i) =>
          l.includes('saw:') &&
          all
            .slice(i, i + 3)
            .join(' ')
            .includes('database-url'),
      );
      assert.ok(at >= 0, text);
      const saw = lines(text)
        .slice(at, at + 6)
        .join(' ')
        .replace(/\s+/g, ' ');
      assert.match(saw, /rule: database-url-with-password;/, `width ${width}: ${saw}`);
      assert.match(saw, /context: documentation/, `width ${width}`);
      // the file name whole, and the last directories when they fit (the middle is elided)
      if (width >= 80)
        assert.match(saw, /file: apps\/…\/(?:[^ ;…]+\/)*database-connection-strings\.mdx;|file: …\/(?:[^ ;…]+\/)+database-connection-strings\.mdx;/, 'a path keeps its file name');
      for (const l of all.slice(
        at,
        all.findIndex((x, i) => i > at && x.includes('fix:')),
      ))
        assert.ok([...l].length <= width, `over ${width}: ${l}`);
    }
  });

  it('evidence summary: names whole, values cut longest first, whole entries left out last', () => {
    const evidence = { file: 'packages/trpc/server/envelope-router/signing-status-envelope.ts', line: 18, call: 'logger.info({ input: { token, }, })', passes: 'token' };
    assert.equal(
      evidenceSummary(evidence, 200),
      'file: packages/trpc/server/envelope-router/signing-status-envelope.ts; line: 18; call: logger.info({ input: { token, }, }); passes: token',
    );
    const short = evidenceSummary(evidence, 100);
    assert.ok([...short].length <= 100, short);
    assert.match(short, /; line: 18; /);
    assert.match(short, /passes: token$/, 'the last entry is whole, not "passe…"');
    // umami's history finding: the short commit id and no date leave room for the file and the masked value
    const history = evidenceSummary(
      {
        commit: '6f4824582d87a732fed827f7ef7f076ded95276c',
        authorDate: '2022-07-31T15:40:22-07:00',
        file: 'process.env',
        line: 1,
        rule: 'database-url-with-password',
        value: 'rain…(19 chars)',
        context: 'live',
      },
      130,
    );
    assert.equal(history, 'commit: 6f4824582d; …; file: process.env; line: 1; rule: database-url-with-password; value: rain…(19 chars); context: live');
    // documenso's logging finding: passes is a list of field names
    const listed = evidenceSummary(
      { file: 'packages/trpc/server/template-router/router.ts', line: 675, call: 'logger.info({ input: { directTemplateToken, }, })', passes: ['directTemplateToken'] },
      100,
    );
    assert.ok([...listed].length <= 100, listed);
    assert.match(listed, /passes: directTemplateToken$/);
    const tiny = evidenceSummary({ variable: 'STRIPE_SECRET_KEY', readAt: ['src/billing/a.ts:1', 'src/billing/b.ts:2', 'src/billing/c.ts:3'], reads: 3 }, 40);
    assert.ok([...tiny].length <= 40, tiny);
    assert.match(tiny, /^variable: STRIPE_SECRET_KEY; /);
  });
});
