import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieProblems, isSessionLike, parseSetCookie } from '../../src/analyze/cookies.ts';

describe('cookies', () => {
  it('parses name, value and attributes case-insensitively', () => {
    const c = parseSetCookie('sid=abc=def; Path=/; SECURE; httponly; SameSite=Strict; Max-Age=3600; Domain=.acme.test');
    assert.deepEqual(c, { name: 'sid', value: 'abc=def', secure: true, httpOnly: true, sameSite: 'strict', domain: '.acme.test', path: '/', maxAge: 3600, expires: null });
  });
  it('returns null for an empty line and keeps a nameless value', () => {
    assert.equal(parseSetCookie(''), null);
    assert.equal(parseSetCookie('justvalue')?.value, 'justvalue');
  });
  it('knows session-like names', () => {
    for (const n of ['session', 'connect.sid', 'auth_token', 'JWT', 'remember_me']) assert.ok(isSessionLike(n), n);
    assert.equal(isSessionLike('theme'), false);
  });
  it('lists problems', () => {
    assert.deepEqual(cookieProblems(parseSetCookie('a=1; SameSite=None')!), ['SameSite=None without Secure']);
    assert.deepEqual(cookieProblems(parseSetCookie('session=1; Secure')!), ['session-like cookie without HttpOnly']);
    assert.deepEqual(cookieProblems(parseSetCookie('session=1; Secure; HttpOnly')!), []);
  });
});
