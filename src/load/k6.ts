// k6 export: the same routes, arrival rates, headers and p95 budgets as a k6 script, one constant-arrival-rate
// scenario per route run one after another (as launchready does). `${VAR}` becomes `__ENV.VAR`, never its value.
import { connectionsFor } from './engine.js';

export interface K6Route {
  method?: string;
  /** Full URL as configured: `${VAR}` references stay unresolved. */
  url: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  body?: string;
  budgetMs: number;
  rps: number;
}

export interface K6Options {
  routes: K6Route[];
  durationMs: number;
  /** Error rate above which k6 fails the run (default 0.01, the ramp's 1%). */
  maxErrorRate?: number;
  /** `--resolve HOST:PORT:ADDR` entries, written as k6's `hosts` option so k6 connects where launchready did. */
  resolve?: { host: string; port: string; address: string }[];
}

/**
 * k6's `hosts` map for --resolve pins: `host` → `addr` for any port (`*`), `host:port` → `addr:port` for one port.
 * Without it the script asks the public DNS for names that only resolve on the team's machine or staging network.
 */
function k6Hosts(entries: { host: string; port: string; address: string }[]): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const e of entries) {
    const address = e.address.includes(':') ? `[${e.address}]` : e.address;
    if (e.port === '*') hosts[e.host.toLowerCase()] = e.address;
    else hosts[`${e.host.toLowerCase()}:${e.port}`] = `${address}:${e.port}`;
  }
  return hosts;
}

const GRACEFUL_STOP_S = 5;
const MAX_VUS = 1000;
const VAR_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A JavaScript expression for a config string: literal parts quoted, each `${VAR}` as `__ENV.VAR`. */
export function envExpression(value: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of value.matchAll(VAR_REFERENCE)) {
    if (m.index > last) parts.push(JSON.stringify(value.slice(last, m.index)));
    parts.push(`__ENV.${m[1]}`);
    last = m.index + m[0].length;
  }
  if (last < value.length || parts.length === 0) parts.push(JSON.stringify(value.slice(last)));
  return parts.join(' + ');
}

function objectExpression(record: Record<string, string>, indent: string): string {
  const entries = Object.entries(record);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${envExpression(v)},`).join('\n')}\n${indent}}`;
}

/** Scenario and function names: [a-z0-9_] only (they appear in threshold tag filters), unique. */
function scenarioNames(routes: K6Route[]): string[] {
  const used = new Set<string>();
  return routes.map((r, i) => {
    let path = r.url;
    try {
      path = new URL(r.url.replace(VAR_REFERENCE, 'x')).pathname;
    } catch {}
    const base =
      `${(r.method ?? 'GET').toLowerCase()}_${path}`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 60) || `route_${i + 1}`;
    let name = /^[a-z_]/.test(base) ? base : `r_${base}`;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

export function k6Script(options: K6Options): string {
  const names = scenarioNames(options.routes);
  const durationS = Math.max(1, Math.round(options.durationMs / 1000));
  const maxErrorRate = options.maxErrorRate ?? 0.01;
  const scenarios: string[] = [];
  const thresholds: string[] = [];
  const functions: string[] = [];
  options.routes.forEach((route, i) => {
    const name = names[i] as string;
    const rate = Math.max(1, Math.round(route.rps));
    const preAllocated = connectionsFor(rate, route.budgetMs, MAX_VUS);
    const maxVus = Math.max(preAllocated, connectionsFor(rate, 10_000, MAX_VUS));
    scenarios.push(
      `    ${name}: { executor: 'constant-arrival-rate', exec: '${name}', rate: ${rate}, timeUnit: '1s', duration: '${durationS}s', ` +
        `startTime: '${i * (durationS + GRACEFUL_STOP_S)}s', gracefulStop: '${GRACEFUL_STOP_S}s', preAllocatedVUs: ${preAllocated}, maxVUs: ${maxVus} },`,
    );
    thresholds.push(`    'http_req_duration{scenario:${name}}': ['p(95)<${Math.round(route.budgetMs)}'],`);
    thresholds.push(`    'http_req_failed{scenario:${name}}': ['rate<${maxErrorRate}'],`);
    const params: string[] = [];
    if (route.headers && Object.keys(route.headers).length > 0) params.push(`headers: ${objectExpression(route.headers, '    ')}`);
    if (route.cookies && Object.keys(route.cookies).length > 0) params.push(`cookies: ${objectExpression(route.cookies, '    ')}`);
    const body = route.body === undefined ? 'null' : envExpression(route.body);
    functions.push(
      `export function ${name}() {\n  http.request(${JSON.stringify((route.method ?? 'GET').toUpperCase())}, ${envExpression(route.url)}, ${body}, {${params.length > 0 ? `\n    ${params.join(',\n    ')},\n  ` : ''}});\n}`,
    );
  });
  const hosts = Object.entries(k6Hosts(options.resolve ?? []));
  const hostsOption =
    hosts.length > 0
      ? `  // --resolve: connect to these addresses, keeping the names for SNI, Host and certificate checks.\n  hosts: {\n${hosts.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n')}\n  },\n`
      : '';
  return `// Generated by launchready (launchready load --export-k6): one constant-arrival-rate scenario per route, one
// after another, with the route's p95 budget as a threshold. Secrets are read from the environment (k6 run -e NAME=...).
import http from 'k6/http';

export const options = {
  discardResponseBodies: true,
${hostsOption}  scenarios: {
${scenarios.join('\n')}
  },
  thresholds: {
${thresholds.join('\n')}
  },
};

${functions.join('\n\n')}
`;
}
