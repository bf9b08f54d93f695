import { judgeProbes } from '../../protection/judge-probes.js';
import { judgeRateLimitMissing } from '../../protection/ratelimit-verdict.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'ratelimit.missing',
    title: 'Login, password-reset, sign-up, webhook and public API routes answer 429 to a burst from one client',
    failureTitle: 'A route never answers 429 to a burst from one client',
    requires: ['protection'],
    fix: 'Add a per-client rate limit that answers 429 with Retry-After.',
    docs: {
      why: 'Without a limit one noisy client can try passwords as fast as your server answers, send thousands of reset emails (burning your sending reputation), create fake accounts, or hammer a webhook or public API until it falls over for everyone. Login and password reset are blockers: they are the first routes attackers script.',
      fix: "Limit per client address and per account: nginx `limit_req_zone $binary_remote_addr zone=login:10m rate=5r/m;` with `limit_req zone=login burst=5 nodelay; limit_req_status 429;`, Cloudflare rate limiting rules, or middleware (express-rate-limit, rack-attack, django-ratelimit), answering 429 with Retry-After. launchready checks it with a bounded burst (30 requests in 10 s by default, `protection.requests` / `protection.window`, never more than 200) with the route's method, headers and body, stopping at the first 429 (or 503 with Retry-After); targets that are not loopback need `--yes`.",
      references: [
        'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling',
        'https://nginx.org/en/docs/http/ngx_http_limit_req_module.html',
        'https://www.rfc-editor.org/rfc/rfc6585#section-4',
      ],
    },
  },
  ({ protection }) => judgeProbes(protection, (probe) => judgeRateLimitMissing(probe.result, probe.kind)),
);
