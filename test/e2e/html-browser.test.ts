// The html report in a real browser: headless Chromium (Debian) via playwright-core, opened from file:// with every
// network request blocked, at desktop and phone widths. Saves test-artifacts/report.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { findingAnchor, renderHtml } from '../../src/report/formats/html.ts';
import { chromiumMissing, launchChromium } from '../support/chromium.ts';
import { readyReport, sampleReport } from '../support/sample-report.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname;
const skip = chromiumMissing;

interface Loaded {
  page: Page;
  requests: string[];
  errors: string[];
}

describe('html report in headless Chromium', { skip, timeout: 120_000 }, () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let fileUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'launchready-html-'));
    file = join(dir, 'launchready-report.html');
    writeFileSync(file, renderHtml(sampleReport({ baseline: true }), { color: false, width: 100, htmlPath: 'launchready-report.html' }));
    fileUrl = pathToFileURL(file).href;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Open a file with every request but the file itself aborted and recorded; console errors collected. */
  async function open(url: string, width: number, height = 900): Promise<Loaded> {
    const context = await browser.newContext({ viewport: { width, height }, offline: true, javaScriptEnabled: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    // Every request the page makes, whatever its scheme (route() only sees network ones); the file itself excepted.
    page.on('request', (r) => {
      if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url());
    });
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u === url) return route.continue();
      if (!requests.includes(u)) requests.push(u);
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    return { page, requests, errors };
  }

  async function horizontalOverflow(page: Page): Promise<number> {
    // Strings, not functions: the project compiles without the DOM lib.
    return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  }

  it('loads offline at 1280 px: no requests, no console errors, verdict, bar and blockers visible', async () => {
    const { page, requests, errors } = await open(fileUrl, 1280);
    try {
      assert.deepEqual(requests, [], `the report fetched ${requests.join(', ')}`);
      assert.deepEqual(errors, [], `console errors: ${errors.join(' | ')}`);
      const headline = page.locator('#verdict h1');
      assert.ok(await headline.isVisible());
      assert.equal(await headline.textContent(), 'Not launch-ready: 4 blockers');
      const bar = page.locator('#bar .bar-card');
      assert.equal(await bar.count(), 7);
      assert.ok(await bar.first().isVisible());
      assert.match((await page.locator('#bar .bar-unknown').textContent()) ?? '', /Monitoring\s*unknown/i);
      const blockers = page.locator('#blockers li.blocker');
      assert.equal(await blockers.count(), 4);
      assert.ok(await blockers.first().isVisible());
      assert.match((await blockers.nth(3).textContent()) ?? '', /after 1, 6/);
      assert.ok(await page.locator('#domains .tree').isVisible(), 'domain map tree');
      assert.equal(await page.locator('#performance svg').count(), 5, 'budget chart + two latency-vs-rate curves + two percentile distributions');
      assert.equal(await page.locator('#performance .curves:not(.dists) svg polyline.curve').count(), 2, 'a latency line per ramped route');
      assert.equal(await page.locator('#performance .dists svg rect').count(), 14, 'seven percentile bars per route');
      const distBox = await page.locator('#performance .dists svg').first().boundingBox();
      assert.ok(distBox && distBox.width > 200 && distBox.height > 100, `the distribution chart is drawn (${JSON.stringify(distBox)})`);
      assert.match((await page.locator('#bottlenecks').textContent()) ?? '', /GET \/api\/orders.*N\+1 queries/s, 'top bottlenecks in the summary');
      assert.match((await page.locator('#performance table').textContent()) ?? '', /errors/);
      assert.ok(await page.locator('#not-run').isVisible());
      assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scroll at 1280 px');
      // The hostile evidence is text on the page, not markup: no img element came from it.
      assert.equal(await page.locator('img').count(), 0);
      assert.match((await page.locator('#risks').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true, timeout: 20_000 });
      await page.screenshot({ path: join(artifacts, 'report-top.png'), timeout: 20_000 });
    } finally {
      await page.context().close();
    }
  });

  it('filters findings by severity and stage without a server', async () => {
    const { page, errors } = await open(fileUrl, 1280);
    try {
      const visible = () => page.locator('.finding:visible').count();
      const all = await page.locator('.finding').count();
      const start = await visible();
      assert.equal(start, all - 2, 'info findings are filtered out by default');
      await page.locator('input[name=sev][value=medium]').uncheck();
      assert.equal(await visible(), start - 5, 'unchecking medium hides the 5 medium findings');
      assert.equal(await page.locator('.finding.sev-medium:visible').count(), 0);
      await page.locator('select[name=stage]').selectOption('3');
      const inStage = await page.locator('.finding:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
      assert.ok(inStage.length > 0 && inStage.every((s) => s === '3'), `only stage 3 visible, got ${inStage.join(',')}`);
      assert.equal(await page.locator('.stage-group[data-stage="2"]').isVisible(), false, 'an emptied stage group is hidden');
      assert.match((await page.locator('#shown').textContent()) ?? '', /^Showing \d+ of 20 findings$/);
      for (const s of ['blocker', 'high', 'low']) await page.locator(`input[name=sev][value=${s}]`).uncheck();
      assert.equal(await visible(), 0);
      assert.ok(await page.locator('#none-shown').isVisible());
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });

  it('every finding has an anchor; opening one that is filtered out reveals it', async () => {
    const report = sampleReport();
    const info = report.findings.find((f) => f.severity === 'info');
    assert.ok(info);
    const target = `${fileUrl}#${findingAnchor(info.fingerprint)}`;
    const { page, errors } = await open(fileUrl, 1280);
    try {
      const ids = await page.locator('.finding').evaluateAll((els) => els.map((e) => e.id));
      assert.equal(new Set(ids).size, report.findings.length);
      assert.deepEqual(new Set(ids), new Set(report.findings.map((f) => f.fingerprint)), 'each anchor is the fingerprint');
      await page.evaluate(`location.hash = ${JSON.stringify(findingAnchor(info.fingerprint))}`);
      await page.waitForFunction(`!document.getElementById(${JSON.stringify(findingAnchor(info.fingerprint))}).hidden`, undefined, { timeout: 5_000 });
      assert.ok(await page.locator(`[id="${findingAnchor(info.fingerprint)}"]`).isVisible(), target);
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });

  it('is readable on a phone (390 px): no horizontal overflow, verdict first', async () => {
    const { page, errors, requests } = await open(fileUrl, 390, 844);
    try {
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px screen`);
      const box = await page.locator('#verdict h1').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'verdict fits the screen');
      // Nothing but scroll containers (tables, pre) may be wider than the viewport.
      const wide = await page.evaluate(`[...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap, pre'))
        .map((e) => e.tagName + '.' + e.className).slice(0, 5)`);
      assert.deepEqual(wide, []);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'report-phone.png'), fullPage: true, timeout: 20_000 });
    } finally {
      await page.context().close();
    }
  });

  it('prints: the print stylesheet hides the filters and shows every finding', async () => {
    const { page } = await open(fileUrl, 1280);
    try {
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('#filters').isVisible(), false);
      assert.equal(await page.locator('.finding:visible').count(), await page.locator('.finding').count());
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000);
    } finally {
      await page.context().close();
    }
  });

  it('the request and console guards can fail: a page that fetches is caught', async () => {
    const leaky = join(dir, 'leaky.html');
    writeFileSync(leaky, '<!doctype html><title>x</title><img src="http://127.0.0.1:9/pixel.png"><img src="other.png"><script>console.error("boom")</script>');
    const { page, requests, errors } = await open(pathToFileURL(leaky).href, 800);
    try {
      assert.ok(requests.includes('http://127.0.0.1:9/pixel.png'), `requests seen: ${requests.join(', ')}`);
      assert.ok(
        requests.some((u) => u.endsWith('/other.png')),
        'a file:// subresource is seen too',
      );
      assert.ok(errors.some((e) => e.includes('boom')));
    } finally {
      await page.context().close();
    }
  });

  it('a launch-ready report says so', async () => {
    const ready = join(dir, 'ready.html');
    writeFileSync(ready, renderHtml(readyReport(), { color: false, width: 100 }));
    const url = pathToFileURL(ready).href;
    const { page, errors, requests } = await open(url, 1280);
    try {
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      assert.match((await page.locator('#verdict h1').textContent()) ?? '', /^Launch-ready: 0 blockers, 0 high$/);
      assert.match((await page.locator('#blockers').textContent()) ?? '', /No blockers found/);
    } finally {
      await page.context().close();
    }
  });
});
