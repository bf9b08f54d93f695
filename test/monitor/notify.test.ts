// Two workers run the same transitions against one store: each alert reaches the receiver exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AlertDispatcher } from '../../src/monitor/alerts/dispatcher.ts';
import { dispatchAlerts } from '../../src/monitor/alerts/notify.ts';
import { createSender } from '../../src/monitor/alerts/senders.ts';
import { applyResult, initialState, type MonitorState, type StateRules } from '../../src/monitor/state.ts';
import { MonitorStore } from '../../src/monitor/store/store.ts';

describe('alerts claimed through the store', { timeout: 30_000 }, () => {
  const received: { event: string; incidentId: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'launchready-monitor-notify-'));
  let store: MonitorStore;
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    store = await MonitorStore.open(join(dir, 'monitor.db'));
  });
  after(async () => {
    await store.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('down, reminder and recovered each go out once although both workers saw them', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const workers = ['w1', 'w2'].map((name) => ({ name, dispatcher: new AlertDispatcher([createSender({ type: 'webhook', url })], { log: () => undefined }) }));
    // deterministic incident ids, as workers replaying the same stored state would compute
    const rules: StateRules = {
      monitor: 'app',
      failAfter: 2,
      recoverAfter: 1,
      remindersMs: 60_000,
      certWarningMs: 0,
      inMaintenance: () => false,
      newIncidentId: (m, at) => `${m}-${at}`,
    };
    let state: MonitorState = initialState();
    const pattern = [false, false, false, false, true];
    let at = Date.parse('2026-12-01T00:00:00Z');
    for (const passed of pattern) {
      at += 30_000;
      const t = applyResult(state, { at, passed, error: 'refused' }, rules);
      state = t.state;
      const sent = await Promise.all(workers.map((w) => dispatchAlerts(store, w.dispatcher, 'app', t.alerts, { dashboardUrl: 'http://127.0.0.1/x', worker: w.name, now: at })));
      assert.equal(sent.flat().length, t.alerts.length);
    }
    await Promise.all(workers.map((w) => w.dispatcher.drain()));
    assert.deepEqual(
      received.map((r) => r.event),
      ['down', 'reminder', 'recovered'],
    );
    assert.equal(new Set(received.map((r) => r.incidentId)).size, 1);
  });
});
