// The collector runner's ordering: `after` waits for a source's facts, `quietAfter` only for the end of its work in this
// process (a collector hands the rest to a child with inProcessWorkDone), and a failing collector releases both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collector, CollectRun } from '../../src/collect/collector.ts';
import { collectFacts } from '../../src/collect/run.ts';
import type { FactSource } from '../../src/facts/index.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { planFor } from '../support/facts.ts';

const NO_SECRETS = { routeHeaders: {}, routeBodies: {}, databaseUrl: null };

/** A collector that logs its start and end, and runs `body` in between. */
function fake(source: FactSource, log: string[], body: (run: CollectRun) => Promise<void>, deps: Partial<Pick<Collector, 'after' | 'quietAfter'>> = {}): Collector {
  return {
    source,
    title: source,
    stages: ['web'],
    ...deps,
    missingInput: () => null,
    async collect(run) {
      log.push(`${source} start`);
      await body(run);
      log.push(`${source} end`);
      return {} as never;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function collect(collectors: Collector[]) {
  const net = new NetContext({ timeoutMs: 1000, concurrency: 1, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
  return collectFacts(planFor({ stages: ['web'] }), NO_SECRETS, net, new Redactor(), undefined, collectors);
}

describe('collector order', () => {
  it('starts a quietAfter dependent once the source hands its work to another process, and an after dependent at its end', async () => {
    const log: string[] = [];
    let release = () => {};
    const childWork = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sandboxed = fake('migrations', log, async (run) => {
      await tick();
      log.push('migrations parsed');
      run.inProcessWorkDone?.();
      // released by the dependent; after 2 s regardless, so a runner that waits for the end fails on order, not by hanging
      const bound = setTimeout(release, 2000);
      await childWork;
      clearTimeout(bound);
    });
    const quiet = fake(
      'load',
      log,
      async () => {
        await tick();
        release();
      },
      { quietAfter: ['migrations'] },
    );
    const needsFacts = fake('protection', log, async () => {}, { after: ['migrations'] });
    await collect([sandboxed, quiet, needsFacts]);
    assert.deepEqual(log, ['migrations start', 'migrations parsed', 'load start', 'load end', 'migrations end', 'protection start', 'protection end']);
  });

  it('waits for the whole source when it never hands off, and is released by one that throws', async () => {
    const log: string[] = [];
    const scan = fake('secrets', log, async () => {
      await tick();
    });
    const broken = fake('env', log, async () => {
      await tick();
      throw new Error('boom');
    });
    const quiet = fake('load', log, async () => {}, { quietAfter: ['secrets', 'env', 'dns'] });
    const facts = await collect([scan, broken, quiet]);
    assert.ok(log.indexOf('load start') > log.indexOf('secrets end'), log.join(', '));
    assert.ok(log.indexOf('load start') > log.indexOf('env start'), log.join(', '));
    assert.equal((facts.sources.env as { error: { message: string } }).error.message, 'boom');
    // dns is not in this run: waiting on it is not waiting forever
    assert.ok(log.includes('load end'));
  });
});
