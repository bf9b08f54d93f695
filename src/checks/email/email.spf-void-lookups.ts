import { recordWithoutTargets } from '../../analyze/spf.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-void-lookups',
    title: 'SPF evaluation has at most 2 void lookups',
    failureTitle: 'SPF has more than 2 void lookups (permerror)',
    requires: ['email'],
    fix: 'Remove the SPF terms that point at names with no records.',
    docs: {
      why: 'RFC 7208 lets receivers fail SPF with permerror after 2 lookups that return NXDOMAIN or no answer. Stale includes and a/mx terms for retired hosts cause it, and all your mail then fails SPF.',
      fix: 'Delete the include:, a:, mx: or exists: terms whose names no longer resolve (listed in the evidence), or restore their records.',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4'],
    },
  },
  ({ email }) => {
    const spf = email.spf;
    if (!spf.record || spf.voidLookups <= 2) return [];
    return [
      {
        target: email.domain,
        evidence: { name: email.domain, record: spf.record, voidLookups: spf.voidLookups, limit: 2, voidNames: spf.voidNames.slice(0, 20) },
        fix: `Publish TXT at ${email.domain}: "${recordWithoutTargets(spf.record, email.domain, spf.voidNames)}" (terms pointing at ${[...new Set(spf.voidNames)].join(', ')} removed).`,
      },
    ];
  },
);
