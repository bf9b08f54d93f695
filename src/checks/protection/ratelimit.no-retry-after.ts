import { judgeProbes } from '../../protection/judge-probes.js';
import { judgeNoRetryAfter } from '../../protection/ratelimit-verdict.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'ratelimit.no-retry-after',
    title: '429 responses say when to retry (Retry-After or RateLimit headers)',
    failureTitle: 'A 429 response does not say when to retry',
    requires: ['protection'],
    fix: 'Send Retry-After (and RateLimit headers) with every 429.',
    docs: {
      why: 'A 429 without Retry-After leaves clients guessing: well-behaved ones back off too long, and naive retry loops hammer the route at once, turning a limit into a retry storm.',
      fix: 'Add `Retry-After: <seconds>` to every 429 (nginx: `add_header Retry-After 60 always;` in the limited location; express-rate-limit sends it by default), and RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset where clients can use them.',
      references: ['https://www.rfc-editor.org/rfc/rfc9110#field.retry-after', 'https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/'],
    },
  },
  ({ protection }) => judgeProbes(protection, (probe) => judgeNoRetryAfter(probe.result)),
);
