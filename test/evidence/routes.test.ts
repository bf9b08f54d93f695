import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIdSegment, pathOfTarget, RouteMatcher, RouteTemplater, templatePath } from '../../src/evidence/routes.ts';

describe('route templating', () => {
  it('folds ids, UUIDs, hashes and slugs with digits into :id', () => {
    const cases: [string, string][] = [
      ['/api/orders/123', '/api/orders/:id'],
      ['/api/orders/123/items/9?page=2', '/api/orders/:id/items/:id'],
      ['/api/users/3f2b8c1e-9d4a-4b7c-8e2f-0a1b2c3d4e5f/profile', '/api/users/:id/profile'],
      ['/blobs/5d41402abc4b2a76b9719d911017c592', '/blobs/:id'],
      ['/posts/hello-world-2024', '/posts/:id'],
      ['/customers/cus_J2kd93kLm', '/customers/:id'],
      ['/reports/2026-11-01', '/reports/:id'],
      ['/static/app.3f2a1b9c.js', '/static/:id'],
      ['/api/v1/users', '/api/v1/users'],
      ['/api/v2.1/users/42', '/api/v2.1/users/:id'],
      ['/auth/oauth2/callback', '/auth/oauth2/callback'],
      ['/s3/upload', '/s3/upload'],
      ['/settings/2fa', '/settings/2fa'],
      ['/posts/hello-world', '/posts/hello-world'],
      ['/users/me/', '/users/me'],
      ['/', '/'],
      ['/?utm=1', '/'],
      ['http://www.example.com:80/api/orders/7?x=1', '/api/orders/:id'],
      ['/files/report%202024.pdf', '/files/:id'],
      ['/deadbeef', '/deadbeef'],
    ];
    for (const [input, want] of cases) assert.equal(templatePath(input), want, input);
  });

  it('keeps words and short tokens as they are', () => {
    for (const s of ['users', 'me', 'v3', 'h264', 'x509', 'health', 'login']) assert.equal(isIdSegment(s), false, s);
    for (const s of ['0', '17', 'a1b2c3d4', 'order_17', 'A1B2C3D4E5']) assert.equal(isIdSegment(s), true, s);
    assert.equal(pathOfTarget('/a?b#c'), '/a');
    assert.equal(pathOfTarget('https://h.example'), '/');
  });

  it('configured routes win, the most literal first, with optional method and a trailing **', () => {
    const m = new RouteMatcher(['/api/orders/:id', '/api/orders/export', 'POST /api/orders/{id}/pay', '/docs/**', '/u/<name>']);
    assert.deepEqual(m.match('GET', '/api/orders/abc'), { method: null, template: '/api/orders/:id' });
    assert.equal(m.match('GET', '/api/orders/export')?.template, '/api/orders/export');
    assert.equal(m.match('POST', '/api/orders/9/pay')?.template, '/api/orders/{id}/pay');
    assert.equal(m.match('GET', '/api/orders/9/pay'), null);
    assert.equal(m.match('GET', '/docs/a/b/c')?.template, '/docs/**');
    assert.equal(m.match('GET', '/u/alice/')?.template, '/u/<name>');
    assert.equal(m.match('GET', '/api/orders'), null);
    const t = new RouteTemplater(['/shop/:slug']);
    // "summer-sale" has no digit, automatic folding would keep it; the configured template folds it
    assert.deepEqual(t.route('GET', '/shop/summer-sale?ref=x'), { template: '/shop/:slug', configured: true });
    assert.deepEqual(t.route('GET', '/shop/summer-sale/items/12'), { template: '/shop/summer-sale/items/:id', configured: false });
  });
});
