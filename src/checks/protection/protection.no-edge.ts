import { classifyEdge, judgeNoEdge } from '../../protection/edge.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'protection.no-edge',
    title: 'The canonical host is behind an edge network or CDN that absorbs floods',
    failureTitle: 'The canonical host answers straight from its origin',
    requires: ['protection'],
    fix: 'Put the canonical host behind an edge proxy (Cloudflare, CloudFront, Fastly...) and firewall the origin to it.',
    docs: {
      why: 'An origin that answers the internet directly takes every flood itself: a few thousand requests a second from a botnet, or a crawler gone wrong, exhaust its connections and bandwidth. An edge network absorbs volumetric attacks, caches what it can, and gives you per-client limits and a WAF in front of the app.',
      fix: "Proxy the DNS records through the edge (Cloudflare orange cloud, a CloudFront or Fastly distribution with your domain as alternate name), then allow only the edge's published address ranges at the origin's firewall or security group. launchready recognises edges from the CNAME chain, published address ranges and response headers (cf-ray, x-amz-cf-id, x-served-by with x-cache, x-vercel-id, fly-request-id...). Severity is info when every configured route is `auth: private`.",
      references: ['https://developers.cloudflare.com/ddos-protection/', 'https://docs.aws.amazon.com/whitepapers/latest/aws-best-practices-ddos-resiliency/welcome.html'],
    },
  },
  ({ protection }) => {
    const edge = protection.edge;
    if (!edge) return notApplicable('no canonical host to look at (give --url or app.canonical)');
    const classification = classifyEdge({ cnameChain: edge.cnameChain, addresses: edge.addresses, responseHeaders: edge.responseHeaders });
    const verdict = judgeNoEdge({ host: edge.host, classification, routes: protection.routes, addresses: edge.addresses });
    if (!Array.isArray(verdict)) return verdict;
    return verdict.map((f) => ({
      ...f,
      evidence: {
        ...f.evidence,
        cnameChain: edge.cnameChain,
        dnsFrom: edge.dnsFrom,
        headersFrom: edge.headersFrom,
        headersUrl: edge.headersUrl,
        responseHeaderNames: Object.keys(edge.responseHeaders),
      },
    }));
  },
);
