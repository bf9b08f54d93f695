// The monitor dashboard in headless Chromium (Debian) via playwright-core, against a real server on loopback and a
// SQLite store that the test writes to like a worker would: log in with the token through the form, watch a monitor
// go red and recover (the page refreshes itself), the response-time chart has data, the status page hides private
// monitors, the API answers 401 without the token. Every request off the server's origin is blocked and recorded;
// console errors (CSP violations among them) fail the test. Saves test-artifacts/monitor-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MINUTE_MS, MonitorStore, type StoredResult } from '../../src/monitor/store/store.ts';
import type { WebMonitor } from '../../src/monitor/web/data.ts';
import { type MonitorServer, startMonitorServer } from '../../src/monitor/web/server.ts';
import { chromiumMissing, launchChromium } from '../support/chromium.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname;
const skip = chromiumMissing;
const TOKEN = 'browser-test-token-7f3a9c1e';

const MONITORS: WebMonitor[] = [
  { name: 'app', type: 'http', public: true, url: 'http://127.0.0.1:9/health' },
  { name: 'private-db', type: 'tcp', public: false, host: '127.0.0.1', port: 5432 },
  { name: 'api-cert', type: 'tls', public: false, host: 'localhost', port: 443 },
];

describe('monitor dashboard in headless Chromium', { skip, timeout: 120_000 }, () => {
  let browser: Browser;
  let store: MonitorStore;
  let server: MonitorServer;
  let base: string;

  before(async () => {
    store = await MonitorStore.open(join(makeTempDir('monitor-browser'), 'monitor.db'));
    const now = Date.now();
    const results: StoredResult[] = [];
    for (let at = now - 3 * 60 * MINUTE_MS; at < now; at += 20_000) {
      const wave = 60 + 40 * Math.sin(at / 600_000);
      results.push({ monitor: 'app', at, ok: true, responseMs: wave, error: null });
      results.push({ monitor: 'private-db', at, ok: true, responseMs: 1.5, error: null });
    }
    results.push({ monitor: 'api-cert', at: now - 5000, ok: true, responseMs: 12, error: null, certExpiresAt: now + 5 * 86_400_000 });
    await store.recordResults(results);
    await store.rollUp(now);
    server = await startMonitorServer({
      store,
      monitors: MONITORS,
      listen: { host: '127.0.0.1', port: 0 },
      token: TOKEN,
      metricsToken: null,
      log: () => {},
      refreshSeconds: 1,
    });
    base = server.url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    removeTempDirs();
  });

  interface Opened {
    context: BrowserContext;
    page: Page;
    offOrigin: string[];
    errors: string[];
  }

  async function openContext(): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const offOrigin: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(`${base}/`)) return route.continue();
      offOrigin.push(u);
      return route.abort();
    });
    return { context, page, offOrigin, errors };
  }

  const rowState = (page: Page, name: string) => page.locator(`tr.monitor[data-monitor="${name}"]`).getAttribute('data-state');

  it('logs in with the token, then shows a monitor go red and recover without a reload', async () => {
    const { context, page, offOrigin, errors } = await openContext();
    try {
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/login', 'sent to the login form');
      await page.locator('#token').fill(TOKEN);
      await Promise.all([page.waitForURL(`${base}/`), page.locator('form.login button[type=submit]').click()]);
      assert.equal(await rowState(page, 'app'), 'up');
      assert.match((await page.locator('tr.monitor[data-monitor="api-cert"]').textContent()) ?? '', /\(5 d\)|\(4 d\)/, 'certificate expiry shown');
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'lr_session');
      assert.ok(session?.httpOnly && session.sameSite === 'Strict', 'HttpOnly SameSite=Strict session cookie');
      assert.ok(!session.value.includes(TOKEN));

      // the worker sees the app fail twice and opens an incident
      let t = Date.now();
      await store.recordResults([
        { monitor: 'app', at: t, ok: false, responseMs: null, error: 'status == 200: got 503' },
        { monitor: 'app', at: t + 1, ok: false, responseMs: null, error: 'status == 200: got 503' },
      ]);
      await store.openIncident({ id: 'inc-browser', monitor: 'app', startedAt: t, lastError: 'status == 200: got 503' });
      await page.waitForSelector('tr.monitor[data-monitor="app"][data-state="down"]', { timeout: 10_000 });
      assert.match((await page.locator('#open-incidents').textContent()) ?? '', /app.*got 503/s);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'monitor-down.png'), fullPage: true });

      // and then recover
      t = Date.now();
      await store.recordResults([{ monitor: 'app', at: t, ok: true, responseMs: 42, error: null }]);
      await store.closeIncident('inc-browser', t);
      await page.waitForSelector('tr.monitor[data-monitor="app"][data-state="up"]', { timeout: 10_000 });
      assert.match((await page.locator('#recent-incidents').textContent()) ?? '', /resolved/);
      assert.match((await page.locator('#open-incidents').textContent()) ?? '', /No incidents/);
      assert.deepEqual(offOrigin, [], `requests off the server: ${offOrigin.join(', ')}`);
      assert.deepEqual(errors, [], `console errors: ${errors.join(' | ')}`);
    } finally {
      await context.close();
    }
  });

  it('draws the response-time chart from the roll-ups', async () => {
    const { context, page, offOrigin, errors } = await openContext();
    try {
      await page.goto(`${base}/login?next=/monitors/app`);
      await page.locator('#token').fill(TOKEN);
      await Promise.all([page.waitForURL(`${base}/monitors/app`), page.locator('form.login button[type=submit]').click()]);
      const chart = page.locator('#response-time svg.chart');
      assert.ok(Number(await chart.getAttribute('data-points')) >= 170, `points: ${await chart.getAttribute('data-points')}`);
      const d = (await page.locator('#response-time path.p95').getAttribute('d')) ?? '';
      assert.ok(d.length > 100 && (d.match(/L/g) ?? []).length > 100, `p95 path: ${d.slice(0, 80)}`);
      // in the SVG's own units (viewBox 800 wide, plot 736): the line spans the 3 hours of data and rises and falls
      // one synchronous look in the page (the 1 s refresh swaps the content, a held element handle may be detached)
      const box = (await page.evaluate("(() => { const b = document.querySelector('#response-time path.p95').getBBox(); return [b.width, b.height]; })()")) as number[];
      assert.ok(box[0]! > 60 && box[1]! > 20, `the line has extent: ${JSON.stringify(box)} ${d.slice(0, 300)}`);
      // stroke comes from the shipped stylesheet: the CSS loaded under the CSP
      const stroke = String(await page.evaluate("getComputedStyle(document.querySelector('#response-time path.p95')).stroke"));
      assert.match(stroke, /^rgb/, `stroke ${stroke}`);
      await page.screenshot({ path: join(artifacts, 'monitor-chart.png'), fullPage: true });
      await page.locator('a', { hasText: '7d' }).click();
      await page.waitForURL(`${base}/monitors/app?range=7d`);
      assert.ok(Number(await page.locator('#response-time svg.chart').getAttribute('data-points')) >= 2, 'hour buckets for 7 d');
      assert.deepEqual(offOrigin, []);
      assert.deepEqual(errors, [], `console errors: ${errors.join(' | ')}`);
    } finally {
      await context.close();
    }
  });

  it('logs out with the page button, and refuses a logout form posted from another origin of the same site', async () => {
    // the "attacker": another port on the same host, so the SameSite=Strict cookie is sent (ports do not make a site)
    // and only the Origin / Sec-Fetch-Site check and the CSRF value stand in the way
    const attacker = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="guessed"></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/login`);
      await page.locator('#token').fill(TOKEN);
      await Promise.all([page.waitForURL(`${base}/`), page.locator('form.login button[type=submit]').click()]);
      const forged = await context.newPage();
      const [response] = await Promise.all([forged.waitForResponse(`${base}/logout`), forged.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`)]);
      assert.equal(response.status(), 403, 'the forged logout is refused');
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/', 'still logged in');
      await Promise.all([page.waitForURL(`${base}/login`), page.locator('form.logout button[type=submit]').click()]);
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/login', 'the real button logged out');
    } finally {
      await context.close();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });

  it('shows only public monitors on the status page, and no API without the token', async () => {
    const { context, page, offOrigin, errors } = await openContext();
    try {
      await page.goto(`${base}/status`);
      assert.equal(new URL(page.url()).pathname, '/status', 'open without login');
      const names = await page.locator('#status-monitors li').evaluateAll((els) => els.map((e) => e.getAttribute('data-monitor')));
      assert.deepEqual(names, ['app']);
      const text = (await page.locator('body').textContent()) ?? '';
      assert.doesNotMatch(text, /private-db|api-cert|127\.0\.0\.1/);
      const api = await page.request.get(`${base}/api/monitors`);
      assert.equal(api.status(), 401);
      const dashboard = await page.request.get(`${base}/`, { maxRedirects: 0 });
      assert.equal(dashboard.status(), 303);
      await page.screenshot({ path: join(artifacts, 'monitor-status.png'), fullPage: true });
      assert.deepEqual(offOrigin, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
