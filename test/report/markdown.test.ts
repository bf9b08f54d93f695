// Markdown report for pull-request comments: same sections, GitHub tables that hold, hostile text inert, under 60k.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MARKDOWN_LIMIT, mdCode, mdText, renderMarkdown } from '../../src/report/formats/markdown.ts';
import { hugeReport, readyReport, sampleReport } from '../support/sample-report.ts';

const opts = { color: false, width: 80, htmlPath: 'launchready-report.html' };

describe('markdown reporter', () => {
  it('says a --baseline was applied even when nothing was fixed, and lists what was fixed', () => {
    const none = sampleReport({ baseline: true });
    none.fixed = [];
    assert.match(renderMarkdown(none, opts), /Against the baseline: \*\*\d+ new\*\*, \d+ known, 0 fixed\./);
    assert.match(renderMarkdown(sampleReport({ baseline: true }), opts), /Fixed since the baseline \(1\)<\/summary>\n\n- `http\.hsts-weak` at `https:\/\/www\.acme\.test\/`/);
  });

  it("explains the gaps in the blockers' fix order numbers and marks the highs that fill them", () => {
    const md = renderMarkdown(sampleReport(), opts);
    assert.match(md, /#4, #5, #6 are high findings, marked "fix #" in the risks below/);
    assert.match(md, /\(`tls\.cert-expiring`, owner [^,)]+, fix #4\)/);
  });

  it('has the sections in REPORT.md order', () => {
    const md = renderMarkdown(sampleReport(), opts);
    const order = [
      '## ⛔ Not launch-ready: 4 blockers',
      '### Minimum bar',
      '### Blockers, in fix order (4)',
      '### Risks by stage',
      '<b>Domain map</b>',
      '### Performance baseline',
      '<b>Environment variables</b>',
      '### What did not run',
    ];
    let at = -1;
    for (const marker of order) {
      const i = md.indexOf(marker);
      assert.ok(i > at, `${marker} missing or out of order`);
      at = i;
    }
    assert.match(md, /`launchready: 4 blockers, 6 high, 5 medium · grade F · report: launchready-report\.html`\n$/);
  });

  it('keeps every table row at the column count of its header', () => {
    const md = renderMarkdown(sampleReport(), opts);
    const rows = md.split('\n');
    for (let i = 0; i < rows.length; i++) {
      if (!/^\|[-:|]+\|$/.test(rows[i] ?? '')) continue;
      const columns = (rows[i - 1] ?? '').split(/(?<!\\)\|/).length;
      for (let j = i + 1; j < rows.length && rows[j]?.startsWith('|'); j++) {
        assert.equal((rows[j] ?? '').split(/(?<!\\)\|/).length, columns, `row breaks its table: ${rows[j]}`);
      }
    }
  });

  it('renders blockers with fix order, owner and dependencies, and the bar with its reasons', () => {
    const md = renderMarkdown(sampleReport(), opts);
    assert.match(md, /^\| 3 \| The certificate of api\.acme\.test expired 3 days ago \(`tls\.cert-expired`\) \| `https:\/\/api\.acme\.test\/` \| Dana \| .* \| after 1 \|$/m);
    assert.match(md, /^\| monitoring \| ❔ unknown \| 4 check\(s\) did not run: no monitoring configuration: add \\`monitor\\` to launchready\.yml \|$/m);
    assert.match(md, /^- 8 checks not implemented yet$/m);
  });

  it('makes hostile text inert: no raw html, no mentions, no table breaks', () => {
    const md = renderMarkdown(sampleReport(), opts);
    // Inside code spans text is literal on GitHub; outside them nothing hostile may remain.
    const outsideCode = md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
    assert.match(md, /``server: nginx\/1\.18\.0 <\/script><img src=x onerror=alert\(1\)>; /);
    assert.doesNotMatch(outsideCode, /<img|<\/script>|<b>bold|@octocat/);
    assert.doesNotMatch(md, /\u001b/);
    assert.equal(mdText('a | b <i>x</i> @team [link](http://x) *y*'), 'a &#124; b &lt;i&gt;x&lt;/i&gt; &#64;team \\[link\\](http://x) \\*y\\*');
    assert.equal(mdCode('has `ticks` | pipe'), '``has `ticks` ¦ pipe``');
    assert.equal(mdCode('`edge`'), '`` `edge` ``');
  });

  it('folds long parts into details blocks', () => {
    const md = renderMarkdown(sampleReport(), opts);
    assert.match(md, /<details open><summary><b>Domain and email<\/b> \(11\)<\/summary>/);
    assert.match(md, /<details><summary><b>Dependencies with advisories<\/b> \(14\)<\/summary>/);
    assert.match(md, /…and 12 more rows\./);
  });

  it(`stays under ${MARKDOWN_LIMIT} characters for a huge report, saying what it cut`, () => {
    const md = renderMarkdown(hugeReport(3000), opts);
    assert.ok(md.length <= MARKDOWN_LIMIT, `${md.length} characters`);
    assert.match(md, /…and \d+ more in this stage\./);
    assert.match(md, /### What did not run/);
    assert.match(md, /`launchready: 600 blockers/);
  });

  it('a launch-ready report says so and has no blockers table', () => {
    const md = renderMarkdown(readyReport(), opts);
    assert.match(md, /^## ✅ Launch-ready: 0 blockers, 0 high$/m);
    assert.doesNotMatch(md, /### Blockers/);
  });
});
