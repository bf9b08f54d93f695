import { tlsTarget } from '../../analyze/tls-certificates.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'tls.subdomain-not-covered',
    title: 'Every configured subdomain that answers on http also works on https',
    failureTitle: 'A subdomain answers on http but has no working https',
    requires: ['tls'],
    fix: 'Give the subdomain a certificate and an https server block (certbot --nginx -d SUBDOMAIN), or stop serving it on port 80.',
    docs: {
      why: 'A subdomain that works only over plain http leaks cookies and credentials and cannot be protected by HSTS includeSubDomains; once HSTS with includeSubDomains is on, browsers cannot reach it at all.',
      fix: 'Issue a certificate that includes the subdomain (`certbot --nginx -d api.example.com`) and add `listen 443 ssl;` with `ssl_certificate` to its server block; then redirect port 80 to https. If the subdomain is not meant to be public, remove its port 80 server block and DNS record.',
      references: [
        'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security#includesubdomains',
        'https://nginx.org/en/docs/http/configuring_https_servers.html',
      ],
    },
  },
  ({ tls, plan }) => {
    const apex = plan.domain?.toLowerCase() ?? null;
    const subdomains = tls.hosts.filter((h) => h.host !== apex);
    if (subdomains.length === 0) return notApplicable('no subdomains are configured (only the apex)');
    return subdomains
      .filter((h) => h.error !== null && h.error.code !== 'DNS' && h.plainHttp?.answers === true)
      .map((host) => ({
        target: tlsTarget(host),
        title: `${host.host} answers on http (status ${host.plainHttp?.status}) but https on port ${host.port} fails`,
        evidence: { httpStatus: host.plainHttp?.status ?? null, httpsPort: host.port, httpsError: host.error },
        fix: `Issue a certificate for ${host.host} (certbot --nginx -d ${host.host}) and add listen ${host.port} ssl; with ssl_certificate to its server block, or remove its port-80 server block if it should not be public.`,
      }));
  },
);
