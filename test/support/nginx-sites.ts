// A realistic, clean site for nginx (apex and www, http and https, pages, assets, API routes with CORS), with knobs to
// break one thing at a time: shared by the web scenario suite and bench/audit-web.ts.
import type { LaunchreadyConfig } from '../../src/config/types.ts';
import type { ServedCertificate, TestPki } from './certs.ts';
import type { NginxServer } from './nginx.ts';

export const SECURITY_HEADERS = `
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy strict-origin-when-cross-origin always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" always;`;

const APP_JS = 'console.log("launchready scenario app");\n'.repeat(60);
export const INDEX_HTML = (extraHead = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Ops</title>
<script src="/app.3f9a1c2b.js" defer></script>${extraHead}
</head><body><h1>Acme Ops</h1></body></html>
`;

export interface SiteOptions {
  certificate?: ServedCertificate;
  /** Security headers for the canonical host (default: the full set). */
  headers?: string;
  /** Directives of the https apex server (default: 301 to the canonical host). */
  apex?: string;
  /** Directives of the port-80 server for both hosts (default: 301 to the canonical host). */
  plain?: string;
  /** Directives of the canonical server replacing the default `/` location. */
  root?: string;
  /** CORS directives of /api/orders (default: only the front-end origin). */
  cors?: string;
  /** Cache-Control of fingerprinted assets (default a year, immutable). */
  assetCacheControl?: string | null;
  html?: string;
  files?: Record<string, string>;
  sslProtocols?: string;
  sslCiphers?: string;
  routes?: NonNullable<LaunchreadyConfig['routes']>;
}

export interface Site {
  name: string;
  domain: string;
  canonicalHost: string;
  address: string;
  servers: NginxServer[];
  files: Record<string, string>;
  maps: string;
  config: LaunchreadyConfig;
}

/** One site: port 80 and the https apex redirect to https://www.NAME.test, which serves the app with every header right. */
export function site(pki: TestPki, name: string, address: string, o: SiteOptions = {}): Site {
  const domain = `${name}.test`;
  const www = `www.${domain}`;
  const certificate = o.certificate ?? pki.leaf({ hosts: [www, domain] });
  const headers = o.headers ?? SECURITY_HEADERS;
  const mapName = `$cors_${name.replaceAll('-', '_')}`;
  const tls = { certificate, sslProtocols: o.sslProtocols, sslCiphers: o.sslCiphers };
  const assetCache = o.assetCacheControl === undefined ? 'public, max-age=31536000, immutable' : o.assetCacheControl;
  const canonical = `
    root $docroot/${domain};
    gzip on; gzip_types application/json application/javascript text/css image/svg+xml; gzip_min_length 256;
    ${headers}
    location / {
      ${headers}
      add_header Set-Cookie "sid=scenario-session-1234; Path=/; Secure; HttpOnly; SameSite=Lax" always;
      ${o.root ?? 'try_files $uri $uri/ =404;'}
    }
    location ~ "\\.[0-9a-f]{8}\\.(js|css)$" {
      ${headers}
      ${assetCache ? `add_header Cache-Control "${assetCache}" always;` : ''}
    }
    location = /api/orders {
      ${headers}
      ${o.cors ?? `add_header Access-Control-Allow-Origin ${mapName} always; add_header Vary Origin always;`}
      if ($request_method = OPTIONS) { return 204; }
      default_type application/json;
      return 200 '{"orders":[]}';
    }
    location = /api/me {
      ${headers}
      add_header Access-Control-Allow-Origin ${mapName} always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Access-Control-Allow-Methods "GET" always;
      add_header Access-Control-Allow-Headers "authorization, content-type" always;
      add_header Vary Origin always;
      add_header Cache-Control "private, no-store" always;
      if ($request_method = OPTIONS) { return 204; }
      default_type application/json;
      return 200 '{"user":"dana"}';
    }
    location /data/ {
      ${headers}
      add_header Access-Control-Allow-Origin ${mapName} always;
      add_header Vary Origin always;
      gzip off;
    }`;
  return {
    name,
    domain,
    canonicalHost: www,
    address,
    servers: [
      { listen: [`${address}:80`], serverName: [domain, www], directives: o.plain ?? `return 301 https://${www}$request_uri;` },
      { listen: [`${address}:443 ssl`], serverName: [domain], ...tls, directives: o.apex ?? `return 301 https://${www}$request_uri;` },
      { listen: [`${address}:443 ssl`], serverName: [www], ...tls, directives: canonical },
    ],
    files: {
      [`${domain}/index.html`]: o.html ?? INDEX_HTML(),
      [`${domain}/app.3f9a1c2b.js`]: APP_JS,
      [`${domain}/.well-known/security.txt`]: `Contact: mailto:security@${domain}\nExpires: 2030-01-01T00:00:00.000Z\n`,
      ...Object.fromEntries(Object.entries(o.files ?? {}).map(([p, c]) => [`${domain}/${p.replace(/^\//, '')}`, c])),
    },
    maps: `map $http_origin ${mapName} { "https://${www}" $http_origin; default ""; }`,
    config: {
      // hosts listed so nothing is looked up beyond the --resolve pins
      app: { name, canonical: `https://${www}/`, hosts: [www, domain], frontendOrigins: [`https://${www}`] },
      routes: [...DEFAULT_ROUTES, ...(o.routes ?? [])],
    },
  };
}

export const DEFAULT_ROUTES: NonNullable<LaunchreadyConfig['routes']> = [
  { path: '/api/orders', method: 'GET', kind: 'read' },
  { path: '/api/me', method: 'GET', kind: 'read', auth: 'private', headers: { Authorization: 'Bearer scenario-token-0042' } },
];
