import { failureInWords } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'http.no-security-txt',
    title: 'A /.well-known/security.txt tells researchers where to report',
    failureTitle: 'No /.well-known/security.txt',
    requires: ['web'],
    fix: 'Serve /.well-known/security.txt with Contact: mailto:security@example.com and Expires: (RFC 9116).',
    docs: {
      why: 'When someone finds a vulnerability or a leaked key, security.txt tells them whom to tell; without it, reports get lost or go public.',
      fix: 'Serve a text/plain file at `/.well-known/security.txt` with at least `Contact: mailto:security@example.com` and `Expires: 2027-01-01T00:00:00Z` (RFC 9116).',
      references: ['https://www.rfc-editor.org/rfc/rfc9116', 'https://securitytxt.org/'],
    },
  },
  ({ web }) => {
    const txt = web.securityTxt;
    if (!txt) return notApplicable('no canonical URL to look for security.txt on');
    if (txt.error) return cannotRun(`${txt.url} could not be fetched: ${failureInWords(txt.error)}`);
    if (txt.found) return [];
    return [{ target: txt.url, evidence: { url: txt.url, status: txt.status } }];
  },
);
