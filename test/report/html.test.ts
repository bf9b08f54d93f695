// html report as a document: self-contained, every interpolated string escaped, a CSP that pins our own style and
// script, anchors per finding, filters, charts and the sections of REPORT.md.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { esc, findingAnchor, renderHtml } from '../../src/report/formats/html.ts';
import { HOSTILE, readyReport, SAMPLE_FINDINGS, sampleReport } from '../support/sample-report.ts';

const opts = { color: false, width: 80, htmlPath: 'launchready-report.html' };
type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];

function parse(html: string) {
  const doc = parseDocument(html);
  const all = DomUtils.findAll(() => true, doc.children) as El[];
  return { doc, all, byTag: (tag: string) => all.filter((e) => e.name === tag), text: (e: El) => DomUtils.textContent(e) };
}

describe('html reporter', () => {
  it('says a --baseline was applied even when nothing was fixed', () => {
    const none = sampleReport({ baseline: true });
    none.fixed = [];
    const html = renderHtml(none, opts);
    assert.match(html, /Against the baseline: <b>\d+ new<\/b>, \d+ known, 0 fixed\./);
    assert.doesNotMatch(html, /Fixed since the baseline/);
  });

  it('renders hostile evidence inert: `</script><img src=x onerror=alert(1)>` is text, not markup', () => {
    const html = renderHtml(sampleReport(), opts);
    assert.ok(!html.includes(HOSTILE), 'the raw string is in the page');
    assert.ok(html.includes(esc(`nginx/1.18.0 ${HOSTILE}`)));
    const { byTag, all, text } = parse(html);
    assert.equal(byTag('img').length, 0);
    assert.equal(byTag('script').length, 1, 'only our own script');
    for (const e of all) for (const attr of Object.keys(e.attribs)) assert.ok(!attr.toLowerCase().startsWith('on'), `event handler attribute ${attr} on <${e.name}>`);
    const leak = all.find((e) => e.attribs.id === findingAnchor(sampleReport().findings.find((f) => f.id === 'http.server-version-leak')?.fingerprint ?? ''));
    assert.ok(leak);
    assert.ok(text(leak).includes(HOSTILE), 'the evidence reads back as the text it was');
    assert.doesNotMatch(html, /\u001b/);
  });

  it('escapes in attributes and text alike, including a finding title and target', () => {
    assert.equal(esc(`"'<>&\``), '&#34;&#39;&#60;&#62;&#38;&#96;');
    const report = sampleReport({
      findings: [{ ...(SAMPLE_FINDINGS[0] as (typeof SAMPLE_FINDINGS)[0]), title: `<svg onload=alert(1)>`, target: `x" onmouseover="alert(1)` }],
    });
    const html = renderHtml(report, opts);
    assert.doesNotMatch(html, /<svg onload/);
    assert.doesNotMatch(html, /" onmouseover="/);
    const { all } = parse(html);
    for (const e of all) for (const attr of Object.keys(e.attribs)) assert.ok(!attr.startsWith('on'), attr);
  });

  it('is one self-contained file: nothing fetched, CSP pins the inline style and script by hash', () => {
    const html = renderHtml(sampleReport(), opts);
    const { byTag, all, text } = parse(html);
    assert.equal(byTag('link').length, 0);
    assert.equal(byTag('iframe').length + byTag('object').length + byTag('embed').length, 0);
    for (const e of all) {
      for (const attr of ['src', 'href', 'action', 'srcset', 'poster', 'data']) {
        const v = e.attribs[attr];
        if (v !== undefined) assert.ok(v.startsWith('#'), `<${e.name} ${attr}="${v}"> points outside the file`);
      }
    }
    assert.doesNotMatch(html, /@import|url\(/);
    const csp = byTag('meta').find((m) => m.attribs['http-equiv'] === 'Content-Security-Policy')?.attribs.content ?? '';
    assert.match(csp, /default-src 'none'/);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const style = byTag('style')[0];
    const script = byTag('script')[0];
    assert.ok(style && script);
    assert.ok(csp.includes(`style-src ${hash(text(style))}`), 'style hash');
    assert.ok(csp.includes(`script-src ${hash(text(script))}`), 'script hash');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(html, /@media print\{/);
  });

  it('has the sections in REPORT.md order, the verdict first', () => {
    const { all } = parse(renderHtml(sampleReport(), opts));
    const ids = all.filter((e) => e.name === 'section' && e.attribs.id).map((e) => e.attribs.id);
    assert.deepEqual(ids, ['verdict', 'bar', 'blockers', 'bottlenecks', 'risks', 'domains', 'performance', 'inventory', 'not-run']);
    const { all: ready } = parse(renderHtml(readyReport(), opts));
    assert.deepEqual(
      ready.filter((e) => e.name === 'section' && e.attribs.id).map((e) => e.attribs.id),
      ['verdict', 'bar', 'blockers', 'risks', 'domains', 'inventory', 'not-run'],
      'no performance section when the load stage did not run',
    );
  });

  it('gives every finding an anchor and filter data; blockers link to them', () => {
    const report = sampleReport();
    const { all } = parse(renderHtml(report, opts));
    const articles = all.filter((e) => e.name === 'article');
    assert.equal(articles.length, report.findings.length);
    for (const f of report.findings) {
      const a = articles.find((x) => x.attribs.id === findingAnchor(f.fingerprint));
      assert.ok(a, f.id);
      assert.equal(a.attribs['data-severity'], f.severity);
      assert.equal(a.attribs['data-stage'], String(f.stage));
    }
    const blockerLinks = all.filter((e) => e.name === 'a' && e.attribs.class === 'what').map((e) => e.attribs.href);
    assert.deepEqual(
      blockerLinks,
      [...report.blockers].sort((a, b) => a.fixOrder - b.fixOrder).map((b) => `#${findingAnchor(b.fingerprint)}`),
    );
    const boxes = all.filter((e) => e.name === 'input' && e.attribs.name === 'sev').map((e) => e.attribs.value);
    assert.deepEqual(boxes, ['blocker', 'high', 'medium', 'low', 'info']);
    const options = all.filter((e) => e.name === 'option').map((e) => e.attribs.value);
    assert.deepEqual(options, ['all', '2', '3', '4', '5']);
  });

  it('draws SVG charts: p95 against budget per route, a latency-vs-rate line and a percentile distribution per route', () => {
    const { byTag } = parse(renderHtml(sampleReport(), opts));
    const svgs = byTag('svg');
    assert.equal(svgs.length, 5);
    assert.equal(DomUtils.findAll((e) => e.name === 'rect', svgs.slice(3)).length, 14, 'seven percentiles for each of the two routes with a distribution');
    const bars = DomUtils.findAll((e) => e.name === 'rect', svgs[0]?.children ?? []);
    assert.equal(bars.length, 3);
    assert.equal(bars.filter((b) => b.attribs.class === 'bar-over').length, 1, 'only GET /api/orders is over budget');
    assert.equal(DomUtils.findAll((e) => e.name === 'polyline', svgs.slice(1, 3)).length, 2);
    for (const svg of svgs) assert.match(svg.attribs.viewbox ?? '', /^0 0 \d+ \d+$/);
  });

  it('shows the domain map as a tree, inventory tables and what did not run', () => {
    const html = renderHtml(sampleReport(), opts);
    const { all, text } = parse(html);
    const tree = all.find((e) => e.attribs.class === 'tree');
    assert.ok(tree);
    assert.equal(DomUtils.findAll((e) => e.attribs.class === 'host', tree.children).length, 6);
    assert.match(text(tree), /every variant ends on https:\/\/app\.acme\.test\//);
    assert.match(text(tree), /stays on http/);
    assert.match(text(tree), /expired 3 days ago/);
    assert.equal(all.filter((e) => e.name === 'table').length, 4, 'performance + 3 inventory tables');
    const notRun = all.find((e) => e.attribs.id === 'not-run');
    assert.ok(notRun);
    assert.match(text(notRun), /8 checks not implemented yet/);
    assert.match(text(notRun), /logs collector failed/);
    assert.doesNotMatch(html, /sk_live_51HxQe2/);
  });
});
