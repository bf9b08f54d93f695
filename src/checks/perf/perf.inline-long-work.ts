import { evidenceUnreadReason, inlineLongWorkFindings } from '../../analyze/evidence-findings.js';
import { cannotRun, defineCheck, inputMissing } from '../define.js';

export default defineCheck(
  {
    id: 'perf.inline-long-work',
    title: 'No route keeps the request waiting on slow work that belongs in a background job',
    failureTitle: 'A route keeps the request waiting on slow work',
    requires: ['evidence'],
    fix: 'Answer first and do the slow work (email, third-party calls, exports) in a background job.',
    docs: {
      why: 'A request that sends an email, calls a third-party API or writes an export before it answers holds a worker (and often a database connection) for the whole call. At launch traffic those waits stack up: the pool runs dry and every route slows down, and a slow provider takes your app down with it.',
      fix: 'Queue the work and answer at once: enqueue a job (BullMQ, Sidekiq, Celery, a transactional outbox table) and tell the user it is on its way. Give outbound calls that must stay inline a short timeout. Evidence comes from OTLP traces (`--traces`): the request span, its outbound CLIENT spans (SMTP, HTTP, storage) and the time spent in them before the response; or from access logs (`--access-log`) when a route p95 is over 2 s.',
      references: ['https://opentelemetry.io/docs/specs/semconv/http/http-spans/', 'https://microservices.io/patterns/data/transactional-outbox.html'],
    },
  },
  ({ evidence }) => {
    if (!evidence.traces && !evidence.accessLog) {
      const unread = evidenceUnreadReason(evidence, ['traces', 'access-log']);
      return unread ? cannotRun(unread) : inputMissing('no traces or access log given (--traces, --access-log)');
    }
    return inlineLongWorkFindings(evidence);
  },
);
