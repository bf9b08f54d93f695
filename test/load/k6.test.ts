// The k6 export parsed as JavaScript (TypeScript's own parser): thresholds equal the budgets, secrets stay __ENV references.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { envExpression, type K6Route, k6Script } from '../../src/load/k6.ts';

function parse(script: string): ts.SourceFile {
  const diagnostics = ts.transpileModule(script, { reportDiagnostics: true, compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext } }).diagnostics ?? [];
  assert.deepEqual(
    diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
  );
  return ts.createSourceFile('script.js', script, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
}

/** The object literal of `export const options = {...}`. */
function optionsObject(source: ts.SourceFile): ts.ObjectLiteralExpression {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === 'options' && d.initializer && ts.isObjectLiteralExpression(d.initializer)) return d.initializer;
    }
  }
  return assert.fail('no `export const options`');
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return assert.fail(`no property ${name}`);
}

function thresholds(source: ts.SourceFile): Record<string, string[]> {
  const node = property(optionsObject(source), 'thresholds');
  assert.ok(ts.isObjectLiteralExpression(node));
  const out: Record<string, string[]> = {};
  for (const p of node.properties) {
    assert.ok(ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && ts.isArrayLiteralExpression(p.initializer));
    out[p.name.text] = p.initializer.elements.map((e) => (ts.isStringLiteral(e) ? e.text : assert.fail('threshold is not a string')));
  }
  return out;
}

/** Every `__ENV.NAME` read in the script. */
function envReads(source: ts.SourceFile): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === '__ENV') names.push(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Every call expression's callee text: only http.request may appear. */
function calls(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) out.push(node.expression.getText(source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('k6 export', () => {
  const routes: K6Route[] = [
    { method: 'GET', url: 'https://app.acme.test/api/orders', headers: { Authorization: 'Bearer ${OPS_TOKEN}' }, budgetMs: 300, rps: 20 },
    { method: 'GET', url: 'https://app.acme.test/reports/monthly?key=${REPORT_KEY}', budgetMs: 800, rps: 5, cookies: { session: '${SESSION}' } },
    {
      method: 'POST',
      url: 'https://app.acme.test/api/login',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email":"probe@example.test","password":"${PROBE_PASSWORD}"}',
      budgetMs: 300,
      rps: 20,
    },
  ];

  it('sets one p95 threshold per route equal to its budget', () => {
    const source = parse(k6Script({ routes, durationMs: 20_000 }));
    const found = thresholds(source);
    assert.deepEqual(found['http_req_duration{scenario:get_api_orders}'], ['p(95)<300']);
    assert.deepEqual(found['http_req_duration{scenario:get_reports_monthly}'], ['p(95)<800']);
    assert.deepEqual(found['http_req_duration{scenario:post_api_login}'], ['p(95)<300']);
    assert.equal(Object.keys(found).filter((k) => k.startsWith('http_req_duration')).length, 3);
    const scenarios = property(optionsObject(source), 'scenarios');
    assert.ok(ts.isObjectLiteralExpression(scenarios));
    const first = property(scenarios, 'get_api_orders');
    assert.ok(ts.isObjectLiteralExpression(first));
    assert.equal(property(first, 'executor').getText(source), "'constant-arrival-rate'");
    assert.equal(property(first, 'rate').getText(source), '20');
    assert.equal(property(first, 'duration').getText(source), "'20s'");
  });

  it('reads secrets from __ENV and never inlines their values', () => {
    const secrets = { OPS_TOKEN: 'ops-token-value-1', REPORT_KEY: 'report-key-value-2', SESSION: 'session-value-3', PROBE_PASSWORD: 'probe-password-4' };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const script = k6Script({ routes, durationMs: 10_000 });
      for (const value of Object.values(secrets)) assert.ok(!script.includes(value), `${value} inlined`);
      assert.deepEqual(envReads(parse(script)).sort(), Object.keys(secrets).sort());
    } finally {
      process.env = saved;
    }
  });

  it('keeps hostile route strings inert', () => {
    const hostile = [{ method: 'GET', url: "https://a.test/x'); http.del('https://a.test/all'); ('", headers: { 'x"\n': "*/ }); http.del('/'); //" }, budgetMs: 300, rps: 1 }];
    const source = parse(k6Script({ routes: hostile, durationMs: 1000 }));
    assert.deepEqual([...new Set(calls(source))], ['http.request']);
    assert.equal(envExpression('plain'), '"plain"');
    assert.equal(envExpression('${A}${B}'), '__ENV.A + __ENV.B');
    assert.equal(envExpression('a ${not-a-name} b'), '"a ${not-a-name} b"');
  });
});

describe('k6 export with --resolve pins', () => {
  it('writes them as k6 hosts so the script connects where launchready did, not through public DNS', () => {
    const script = k6Script({
      routes: [{ url: 'https://app.example.test:8443/x', budgetMs: 300, rps: 5 }],
      durationMs: 5_000,
      resolve: [
        { host: 'App.Example.test', port: '*', address: '127.0.0.1' },
        { host: 'api.example.test', port: '8443', address: '::1' },
      ],
    });
    const hosts = property(optionsObject(parse(script)), 'hosts');
    assert.ok(ts.isObjectLiteralExpression(hosts));
    const map = Object.fromEntries(
      hosts.properties.map((p) =>
        ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && ts.isStringLiteral(p.initializer) ? [p.name.text, p.initializer.text] : assert.fail('not a string pair'),
      ),
    );
    assert.deepEqual(map, { 'app.example.test': '127.0.0.1', 'api.example.test:8443': '[::1]:8443' });
  });

  it('writes no hosts option without pins', () => {
    const script = k6Script({ routes: [{ url: 'https://app.example.test/x', budgetMs: 300, rps: 5 }], durationMs: 5_000 });
    assert.ok(!/\bhosts:/.test(script));
  });
});
