import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { looksLikeDkim, parseDkimKey } from '../../src/analyze/dkim.ts';

const spki = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey.toString(
    'base64',
  );

describe('parseDkimKey', () => {
  it('measures the RSA key size from the key itself', () => {
    for (const bits of [1024, 2048]) assert.equal(parseDkimKey(`v=DKIM1; k=rsa; p=${spki(bits)}`).keyBits, bits);
  });
  it('accepts a bare PKCS#1 key and whitespace inside p=', () => {
    const pkcs1 = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'pkcs1', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).publicKey.toString('base64');
    assert.equal(parseDkimKey(`p=${pkcs1.slice(0, 50)} ${pkcs1.slice(50)}`).keyBits, 1024);
  });
  it('flags testing, revoked and malformed records', () => {
    assert.equal(parseDkimKey(`v=DKIM1; t=y:s; p=${spki(1024)}`).testing, true);
    assert.equal(parseDkimKey('v=DKIM1; p=').revoked, true);
    assert.deepEqual(parseDkimKey('v=DKIM1; p=!!').errors, ['p= is not base64']);
    assert.ok(parseDkimKey('k=rsa; v=DKIM1; p=AAAA').errors.includes('v= must be the first tag'));
    assert.ok(parseDkimKey('v=DKIM1; k=rsa; p=AAAA').errors.includes('p= does not hold a valid RSA public key'));
    assert.ok(parseDkimKey('v=DKIM1; k=rsa').errors.includes('no p= tag (public key)'));
  });
  it('recognises DKIM-looking records only', () => {
    assert.equal(looksLikeDkim('v=DKIM1; p=abc'), true);
    assert.equal(looksLikeDkim('google-site-verification=abc'), false);
  });
});
