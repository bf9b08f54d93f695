import { flattenedRecord } from '../../analyze/spf.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-too-many-lookups',
    title: 'SPF evaluation needs at most 10 DNS lookups',
    failureTitle: 'SPF needs more than 10 DNS lookups (permerror)',
    requires: ['email'],
    fix: 'Flatten includes into ip4/ip6 terms or drop unused senders until the tree needs 10 lookups or fewer.',
    docs: {
      why: 'Receivers stop after 10 DNS-querying terms (include, a, mx, ptr, exists, redirect, counted through every include) and return permerror, so SPF fails for all your mail. Each provider include usually costs 2-4 lookups; adding a fourth service tips you over.',
      fix: 'Remove includes of services you no longer use, replace `a`/`mx` with the ip4/ip6 addresses they resolve to, or publish the flattened record shown in the finding (re-check it when a provider changes its ranges).',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4'],
    },
  },
  ({ email }) => {
    const spf = email.spf;
    if (!spf.record) return [];
    if (spf.lookups <= 10 && !spf.cycle) return [];
    const flat = flattenedRecord(spf);
    return [
      {
        target: email.domain,
        evidence: {
          name: email.domain,
          record: spf.record,
          lookups: spf.lookups,
          limit: 10,
          lookupTerms: spf.lookupTerms.slice(0, 40).map((t) => `${t.domain}: ${t.term}`),
          includeChain: spf.tree.slice(0, 40).map((r) => ({ domain: r.domain, via: r.via, record: r.record })),
          ...(spf.cycle ? { cycle: spf.cycle } : {}),
        },
        ...(spf.cycle ? { title: `SPF includes loop (${spf.cycle.join(' → ')}), so evaluation exceeds 10 lookups (permerror)` } : {}),
        fix: flat
          ? `Publish TXT at ${email.domain}: "${flat}" (the include chain flattened into ip4/ip6 terms; split into 255-character strings).`
          : `Remove includes until at most 10 lookups remain (ptr, exists and macros cannot be flattened): ${spf.lookupTerms.map((t) => t.term).join(' ')}`,
      },
    ];
  },
);
