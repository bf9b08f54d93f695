import { evidenceUnreadReason, repeatedApiCallFindings } from '../../analyze/evidence-findings.js';
import { cannotRun, defineCheck, inputMissing } from '../define.js';

export default defineCheck(
  {
    id: 'perf.repeated-api-calls',
    title: 'A recorded page load sends each API request once',
    failureTitle: 'A page load sends the same API request more than once',
    requires: ['evidence'],
    fix: 'Fetch once per page load and share the result.',
    docs: {
      why: 'Every duplicate call multiplies the load a page view puts on the API: a dashboard that fetches /api/me three times needs three times the capacity at launch, and the duplicates usually come from components fetching on their own or effects running twice.',
      fix: 'Lift the request into one place (a store, a loader, or a data-fetching cache such as TanStack Query or SWR that dedupes identical requests), and check effects that run twice (React StrictMode in development, remounts on navigation). Record the page with the browser dev tools (Network, "Save all as HAR") and pass it with `--har`.',
      references: ['http://www.softwareishard.com/blog/har-12-spec/', 'https://tanstack.com/query/latest/docs/framework/react/guides/important-defaults'],
    },
  },
  ({ evidence }) => {
    if (evidence.har.length === 0) {
      const unread = evidenceUnreadReason(evidence, ['har']);
      return unread ? cannotRun(unread) : inputMissing('no HAR recording given (--har)');
    }
    return repeatedApiCallFindings(evidence);
  },
);
