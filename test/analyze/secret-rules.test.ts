// Every secret rule proves itself on its own positive and negative examples, plus the false-positive traps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEnvFileName, isExampleEnvName, pathTraits, SECRET_RULES, SecretScanner } from '../../src/analyze/secret-rules.ts';

const scanner = new SecretScanner();
const hitsOf = (text: string, path = 'config/app.env') => scanner.scanLines(text.split('\n'), 1, path);

describe('secret rules', () => {
  it('has at least 60 rules with unique ids, keywords and examples', () => {
    assert.ok(SECRET_RULES.length >= 60, `${SECRET_RULES.length} rules`);
    assert.equal(new Set(SECRET_RULES.map((r) => r.id)).size, SECRET_RULES.length);
    for (const r of SECRET_RULES) {
      assert.ok(r.keywords.length > 0 && r.keywords.every((k) => k === k.toLowerCase()), `${r.id}: keywords must be lower case`);
      assert.ok(r.examples.positive.length > 0 && r.examples.negative.length > 0, `${r.id}: needs positive and negative examples`);
    }
  });

  for (const rule of SECRET_RULES) {
    it(`${rule.id}: finds its positive examples and ignores its negatives`, () => {
      for (const example of rule.examples.positive) {
        const hits = hitsOf(example).filter((h) => h.ruleId === rule.id);
        assert.equal(hits.length, 1, `${rule.id} should find exactly one credential in ${JSON.stringify(example.slice(0, 60))}; got ${hits.length}`);
        assert.ok(hits[0]!.value.length >= 8);
      }
      for (const example of rule.examples.negative) {
        // No rule at all may fire on a negative example: they double as decoys.
        const hits = hitsOf(example);
        assert.deepEqual(
          hits.map((h) => h.value),
          [],
          `${rule.id} must not match ${JSON.stringify(example)}`,
        );
      }
    });
  }

  it('the keyword prefilter never hides a positive example', () => {
    for (const r of SECRET_RULES) for (const e of r.examples.positive) assert.ok(scanner.mayContainSecrets(e), r.id);
  });

  it('ignores lock files, integrity hashes, UUIDs, placeholders and minified lines for generic rules', () => {
    const lock = '"node_modules/x": { "integrity": "sha512-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=", "resolved": "https://registry.npmjs.org/x" }';
    assert.deepEqual(hitsOf(lock, 'package-lock.json'), []);
    assert.deepEqual(hitsOf('token_id = "3f0c2b8e-9a41-4c4e-a8f1-0d2e6b7c9a10"', 'src/a.py'), []);
    assert.deepEqual(hitsOf('API_KEY=your-api-key-here\nSECRET=changeme', '.env.example'), []);
    const minified = `var a={password:"${'Qx7'.repeat(10)}"};${'x=1;'.repeat(400)}`;
    assert.deepEqual(hitsOf(minified, 'public/app.js'), []);
    assert.deepEqual(hitsOf('const password = "Zq8#mK2$vL9!pR4w";', 'test/login.test.ts'), []);
    assert.equal(hitsOf('const password = "Zq8#mK2$vL9!pR4w";', 'src/login.ts').length, 1);
    assert.deepEqual(hitsOf('const password = "Zq8#mK2$vL9!pR4w";', 'docs/setup.md'), []);
  });

  it('reports line numbers, columns and inline suppressions', () => {
    const token = ['ghp', '_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5'].join('');
    const hits = hitsOf(`a\nx = "${token}"\n// launchready:ignore\ny = "${token}"\nz = "${token}" # launchready-ignore`, 'src/a.ts');
    assert.deepEqual(
      hits.map((h) => [h.line, h.column, h.suppressed]),
      [
        [2, 6, false],
        [4, 6, true],
        [5, 6, true],
      ],
    );
  });

  it('private keys need a body and keep only its first characters', () => {
    const pem = ['-----BEGIN EC ', 'PRIVATE KEY-----\n', 'MHcCAQEEIBkR8mQ3vX2pL9sT6wY1zA4cE7fH0jK3nP6qS9uV2xZ5oAoGCCqGSM49\n-----END EC PRIVATE KEY-----'].join('');
    const hits = hitsOf(pem, 'deploy/key.pem');
    assert.equal(hits.length, 1);
    assert.match(hits[0]!.value, /^EC PRIVATE KEY:MHcC/);
  });

  it('classifies env file names', () => {
    for (const n of ['.env', '.env.production', '.env.local', 'prod.env']) assert.ok(isEnvFileName(n), n);
    for (const n of ['.env.example', '.env.sample', '.env.template', '.env.dist', 'env.ts', '.envrc']) assert.ok(!isEnvFileName(n), n);
    assert.ok(isExampleEnvName('.env.example'));
    assert.ok(pathTraits('package-lock.json').lockfile);
    assert.ok(pathTraits('dist/app.min.js').minified);
  });

  it('stays linear on long adversarial lines (no catastrophic backtracking)', () => {
    const lines = [
      `token = "${'a1'.repeat(50_000)}`,
      `${'api_key_'.repeat(10_000)}= x`,
      `${'eyJ'.repeat(20_000)}.eyJ`,
      `postgres://${'u:'.repeat(20_000)}@`,
      `<${'a'.repeat(50)}Token>${' '.repeat(50_000)}`,
      `x = "${'-'.repeat(100_000)}`,
      `${'secret: '.repeat(10_000)}`,
      `AKIA${'A'.repeat(100_000)}`,
      `sntrys_eyJ${'A'.repeat(100_000)}_`,
    ];
    for (const line of lines) {
      const started = performance.now();
      scanner.scanLines([line], 1, 'src/app.ts');
      const ms = performance.now() - started;
      assert.ok(ms < 500, `${ms.toFixed(0)} ms on ${JSON.stringify(line.slice(0, 30))}`);
    }
  });

  it('word boundaries: dd inside add is not Datadog (issue 8)', () => {
    const hex = ['3c7633a1f0e9', '4b2d8c5a6e7f1b2c3d4e'].join('');
    assert.deepEqual(hitsOf(`workspace/api_keys/add_api_key: ${hex}`, 'src/keys.yml'), []);
    assert.equal(hitsOf(`DD_API_KEY=${hex}`, 'config/app.env').filter((h) => h.ruleId === 'datadog-api-key').length, 1);
  });
});
