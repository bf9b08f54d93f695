import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findSensitiveLogCalls,
  isCardNumber,
  LogSecretScanner,
  luhnValid,
  maskSecretsDeep,
  maskSecretsInText,
  sensitiveIdentifiers,
  stripStringLiterals,
} from '../../src/analyze/log-patterns.ts';

describe('log patterns', () => {
  it('Luhn and card numbers', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000']) assert.ok(isCardNumber(n), n);
    assert.ok(luhnValid('79927398713'));
    assert.ok(!luhnValid('79927398710'));
    assert.ok(!isCardNumber('4111111111111112'), 'Luhn-invalid');
    assert.ok(!isCardNumber('1716811234567'), 'epoch milliseconds');
    assert.ok(!isCardNumber('0000000000000000'));
    assert.ok(!isCardNumber('41111111'), 'too short');
  });

  it('strips string text but keeps interpolations', () => {
    assert.equal(stripStringLiterals("f('password', `x ${token} y`)").replace(/\s+/g, ' '), 'f( S , S token )');
    assert.match(stripStringLiterals('f"pw {password}"'), /password/);
    assert.match(stripStringLiterals('"a #{params.inspect}"'), /params\.inspect/);
    assert.deepEqual(sensitiveIdentifiers("'password reset sent', user.email"), []);
    assert.deepEqual(sensitiveIdentifiers('user.password, accessToken, tokenCount, hasPassword, apiKey, password.length'), ['password', 'accessToken', 'apiKey']);
  });

  it('an identifier of a credential is not the credential (issue 8: apiToken.id, session_id, resource_owner_id)', () => {
    assert.deepEqual(sensitiveIdentifiers('apiToken.id, apiKey.id, session_id, token.resource_owner_id, api_key_id, tokenType'), []);
    assert.deepEqual(sensitiveIdentifiers('{ id: apiToken.id, token: apiToken.token }'), ['token']);
    assert.deepEqual(findSensitiveLogCalls("logger.info('created', { tokenId: apiToken.id, userId: session_id });"), []);
    assert.equal(findSensitiveLogCalls("logger.info('created', { apiToken });").length, 1);
  });

  it('finds logger calls in JS, Python, Ruby and Go, and skips safe ones', () => {
    const src = [
      "console.log('password reset email sent to', user.email);",
      "console.log('login', { password });",
      'logger.debug("auth", req.headers[\'authorization\']);',
      "logger.info('agent', req.headers['user-agent']);",
      'app.log.error(req.body)',
      'log.info({ name: req.body.name });',
      'logging.info("token %s", token)',
      'Rails.logger.info "params: #{params.inspect}"',
      'Rails.logger.info "id: #{params[:id]}"',
      'logger.info(redact(password))',
      '// console.log(password)',
      'log.Printf("key %s", apiKey)',
      'logger.info(\n  "multi-line",\n  { cookie: req.headers.cookie }\n)',
      "const docs = 'never write `logger.info(req.body)` in a handler';",
      'logger.info("signup", extra={"password": pw})',
      'Rails.logger.debug request.headers.inspect',
      'log.Printf("%+v", r.Header)',
      'log.Printf("ua %s", r.Header.Get("User-Agent"))',
    ].join('\n');
    const calls = findSensitiveLogCalls(src);
    assert.deepEqual(
      calls.map((c) => [c.line, c.passes]),
      [
        [2, ['password']],
        [3, ['authorization']],
        [5, ['req.body']],
        [7, ['token']],
        [8, ['params']],
        [12, ['apiKey']],
        [13, ['cookie']],
        [18, ['password']],
        [19, ['request.headers']],
        [20, ['r.Header']],
      ],
    );
  });

  it('skips pagination tokens, calls that pick fields from the request, and logging only development runs', () => {
    const src = [
      'console.log({ importedLinksLength: links.length, nextPageToken });',
      'logger.info(...transformMiddlewareRequest(req));',
      'logger.info(JSON.stringify(req));',
      'if (process.env.NODE_ENV === "development") {',
      '  console.info("Password reset URL:", `${base}/reset/${token}`);',
      '}',
      'if (process.env.NODE_ENV !== "production") console.log("magic link", token);',
      'if (process.env.NODE_ENV === "production") {',
      '  console.log("reset", token);',
      '}',
      'if (',
      '  process.env.NODE_ENV === "development"',
      ') {',
      '  console.log("verify", { token });',
      '}',
      'console.error("refreshed", newToken);',
      'def send(token):',
      '    if settings.DEBUG:',
      '        logger.info("token %s", token)',
      '    logger.info("sent %s", token)',
    ].join('\n');
    assert.deepEqual(
      findSensitiveLogCalls(src).map((c) => [c.line, c.passes]),
      [
        [3, ['the whole req object']],
        [9, ['token']],
        [16, ['newToken']],
        [20, ['token']],
      ],
    );
  });

  it('masks token-like literals in the recorded call', () => {
    const [call] = findSensitiveLogCalls("console.log('token', token, 'sk_live_abcdefghijklmnop1234')");
    assert.ok(call && !call.call.includes('sk_live_abcdefghijklmnop1234') && call.call.includes('sk_l…(28 chars)'), call?.call);
  });

  it('scans log lines: credentials, bearer tokens, JWTs, cards, emails; placeholders ignored; samples masked', () => {
    const s = new LogSecretScanner();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const lines = [
      '127.0.0.1 - - "GET /api HTTP/1.1" 200 Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456',
      `cookie session=${jwt}`,
      'login user=bob password=hunter22 ok',
      'login user=bob password=*** ok',
      // launchready:ignore (a fixture credential: the log scanner must find it)
      'db url postgres://app:s3cretpass@db:5432/app',
      'charge card 4111 1111 1111 1111 amount 20',
      'order 4111111111111112 ts 1716811234567',
      'mail to alice@example.com and bob@example.org, ALICE@example.com',
    ];
    for (const [i, l] of lines.entries()) s.scanLine(l, i + 1);
    assert.deepEqual(s.counts, { credential: 2, 'bearer-token': 1, jwt: 1, 'card-number': 1, email: 3 });
    assert.equal(s.distinctEmails, 2);
    const all = JSON.stringify(s.samples);
    for (const secret of ['hunter22', 's3cretpass', '4111111111111111', jwt, 'abcdefghijklmnopqrstuvwxyz123456']) assert.ok(!all.includes(secret), `${secret} leaked into samples`);
    assert.ok(s.samples.some((x) => x.kind === 'card-number' && x.line === 6 && x.masked === '4111…(16 chars)'));
  });

  it('masks credentials kept as evidence text, leaving placeholders and variables alone', () => {
    assert.equal(maskSecretsInText('curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"'), 'curl -H "Authorization: Bearer abcd…(30 chars)"');
    // launchready:ignore (fixture credential)
    assert.equal(maskSecretsInText('DATABASE_URL=postgres://app:s3cretpass@db/app'), 'DATABASE_URL=postgres://app:s3cr…(10 chars)@db/app');
    assert.equal(maskSecretsInText('password: ${DB_PASSWORD}'), 'password: ${DB_PASSWORD}');
    assert.equal(maskSecretsInText('api_key=${{ secrets.KEY }}'), 'api_key=${{ secrets.KEY }}');
    assert.equal(maskSecretsInText('run: npm test'), 'run: npm test');
    assert.deepEqual(maskSecretsDeep({ a: ['token=abcdef123456'], n: 3 }), { a: ['token=abcd…(12 chars)'], n: 3 });
  });
});
