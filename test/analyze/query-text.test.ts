// Query text masking and index suggestions from normalised query text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eagerLoadingShape } from '../../src/analyze/perf/query-findings.ts';
import { isSessionStatement, maskQueryText } from '../../src/analyze/sql/normalise-query.ts';
import { createIndexStatement, queryReadsTable, suggestIndexFromQuery } from '../../src/analyze/sql/suggest-index.ts';

const COLS = ['id', 'account_id', 'kind', 'created_at', 'Region'];

describe('maskQueryText', () => {
  it('masks string, dollar-quoted and numeric literals, keeps $n placeholders and identifiers', () => {
    assert.equal(
      maskQueryText("SELECT id FROM t2 WHERE a = $1 AND b = 'x''y' AND c = E'\\'q' AND d = 42 AND e = 3.5e2 AND f = $tag$body$tag$ -- note 7\n LIMIT 10").text,
      "SELECT id FROM t2 WHERE a = $1 AND b = '?' AND c = E'?' AND d = ? AND e = ? AND f = '?' LIMIT ?",
    );
  });
  it('masks a role password through mask-sql and returns the secret for the redactor', () => {
    const out = maskQueryText("ALTER ROLE app PASSWORD 'hunter2-very-secret'");
    assert.equal(out.text, "ALTER ROLE app PASSWORD '?'");
    assert.ok(out.secrets.includes('hunter2-very-secret'));
  });
  it('bounds the text', () => {
    assert.ok(maskQueryText(`SELECT ${'a, '.repeat(5000)}b FROM t`).text.length <= 2000);
  });
  it('recognises transaction control and session statements', () => {
    for (const q of ['BEGIN', 'commit', 'SET search_path = $1', 'SHOW timezone', 'ROLLBACK']) assert.ok(isSessionStatement(q), q);
    assert.ok(!isSessionStatement('SELECT set_config($1, $2, $3)'));
  });
});

describe('suggestIndexFromQuery', () => {
  it('equality columns first, then one range column', () => {
    assert.deepEqual(suggestIndexFromQuery('SELECT * FROM events WHERE created_at > $1 AND account_id = $2 ORDER BY id LIMIT $3', 'public', 'events', COLS)?.columns, [
      'account_id',
      'created_at',
    ]);
  });
  it('qualified columns of the right alias in a join; unqualified columns of a join are ambiguous', () => {
    assert.deepEqual(
      suggestIndexFromQuery('SELECT * FROM accounts a JOIN public.events AS ev ON ev.account_id = a.id WHERE ev.kind = $1 AND a.plan = $2', 'public', 'events', COLS)?.columns,
      ['kind'],
    );
    assert.equal(suggestIndexFromQuery('SELECT * FROM accounts a JOIN events ev ON ev.account_id = a.id WHERE kind = $1', 'public', 'events', COLS), null);
  });
  it('IN and = ANY count as equality; unknown columns, <> and other tables give nothing', () => {
    assert.deepEqual(suggestIndexFromQuery('SELECT * FROM events WHERE kind IN ($1, $2)', 'public', 'events', COLS)?.columns, ['kind']);
    assert.deepEqual(suggestIndexFromQuery('SELECT * FROM events WHERE account_id = ANY($1)', 'public', 'events', COLS)?.columns, ['account_id']);
    assert.equal(suggestIndexFromQuery('SELECT * FROM events WHERE nope = $1', 'public', 'events', COLS), null);
    assert.equal(suggestIndexFromQuery('SELECT * FROM events WHERE kind <> $1', 'public', 'events', COLS), null);
    assert.equal(suggestIndexFromQuery('SELECT * FROM other WHERE kind = $1', 'public', 'events', COLS), null);
    assert.equal(suggestIndexFromQuery('SELECT * FROM billing.events WHERE kind = $1', 'public', 'events', COLS), null);
  });
  it('UPDATE and DELETE filters; quoted identifiers', () => {
    assert.deepEqual(suggestIndexFromQuery('UPDATE events SET kind = $1 WHERE account_id = $2', 'public', 'events', COLS)?.columns, ['account_id']);
    assert.deepEqual(suggestIndexFromQuery('DELETE FROM events WHERE "Region" = $1', 'public', 'events', COLS)?.columns, ['Region']);
    assert.ok(queryReadsTable('SELECT a.id, b.id FROM x a, events b WHERE b.kind = $1', 'public', 'events'));
  });
  it('CREATE INDEX CONCURRENTLY statement: quoting, schema, 63-byte names', () => {
    assert.equal(createIndexStatement('public', 'events', ['account_id']), 'CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_idx ON events (account_id);');
    assert.equal(createIndexStatement('app', 'User', ['Region']), 'CREATE INDEX CONCURRENTLY IF NOT EXISTS user_region_idx ON app."User" ("Region");');
    const long = createIndexStatement('public', 'a'.repeat(60), ['b'.repeat(20)]);
    const name = /EXISTS (\S+) ON/.exec(long)?.[1] ?? '';
    assert.ok(name.length <= 63, name);
  });
});

describe('eagerLoadingShape', () => {
  it('rewrites the per-row filter to = ANY($n)', () => {
    assert.match(eagerLoadingShape('SELECT id, title FROM posts WHERE author_id = $1 ORDER BY id'), /SELECT id, title FROM posts WHERE author_id = ANY\(\$1\) ORDER BY id/);
    assert.match(eagerLoadingShape('SELECT * FROM posts'), /JOIN or WHERE key = ANY/);
  });
});
