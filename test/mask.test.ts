// Masking applies to secret values only: a word used as a password must not mangle paths, package names or hosts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecret, Redactor } from '../src/mask.ts';

describe('redactor', () => {
  it('masks a random secret wherever it appears', () => {
    const r = new Redactor();
    r.add('Zq8mK2vL9pR4wX7c');
    assert.equal(r.redact('a Zq8mK2vL9pR4wX7c b'), `a ${maskSecret('Zq8mK2vL9pR4wX7c')} b`);
  });

  it('a plain-word password is masked as a URL password and after a credential name, never in paths or package names (issue 8)', () => {
    const r = new Redactor();
    r.add('formbricks');
    assert.equal(r.redact('target apps/formbricks/web uses @formbricks/database'), 'target apps/formbricks/web uses @formbricks/database');
    assert.equal(r.redact('postgres://formbricks:formbricks@db.acme.io/formbricks'), `postgres://formbricks:${maskSecret('formbricks')}@db.acme.io/formbricks`);
    assert.equal(r.redact('DB_PASSWORD=formbricks'), `DB_PASSWORD=${maskSecret('formbricks')}`);
    assert.equal(r.redact('{"password":"formbricks"}'), `{"password":"${maskSecret('formbricks')}"}`);
  });

  it('shows the first 4 characters only of a value of 8 or more: a short one would be given away', () => {
    assert.equal(maskSecret('Zq8mK2vL9pR4wX7c'), 'Zq8m…(16 chars)');
    assert.equal(maskSecret('hook'), '…(4 chars)');
    assert.equal(maskSecret('hunter2'), '…(7 chars)');
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor();
    r.add('ab');
    r.add('');
    assert.equal(r.size, 0);
  });
});
