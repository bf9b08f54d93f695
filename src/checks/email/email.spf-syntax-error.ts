import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-syntax-error',
    title: 'The SPF record and its includes parse',
    failureTitle: 'The SPF record or an included record does not parse (permerror)',
    requires: ['email'],
    fix: 'Correct the term named in the evidence so the record follows RFC 7208 grammar.',
    docs: {
      why: 'A record that does not parse, or an include: pointing at a name without SPF, makes every SPF check end in permerror: receivers treat your mail as unauthenticated and DMARC fails.',
      fix: 'Fix the term shown in the evidence (typos such as `ip4:1.2.3.4/33`, `inlcude:`, a missing `:`), and make every include: target publish its own `v=spf1` record. Validate with `dig TXT <name>` after publishing.',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-12', 'https://www.rfc-editor.org/rfc/rfc7208#section-5.2'],
    },
  },
  ({ email }) => {
    const problems = email.spf.syntaxErrors.filter((p) => !(p.domain === email.domain && /v=spf1 records at/.test(p.message)));
    if (problems.length === 0) return [];
    const byDomain = new Map<string, typeof problems>();
    for (const p of problems) byDomain.set(p.domain, [...(byDomain.get(p.domain) ?? []), p]);
    return [...byDomain.entries()].map(([domain, list]) => ({
      target: domain,
      evidence: { name: domain, record: list[0]?.record ?? null, errors: list.map((p) => p.message).slice(0, 20), verdict: email.spf.verdict?.result ?? null },
      fix:
        list[0]?.record === null
          ? `Publish an SPF record at ${domain} or remove the include:${domain} / redirect=${domain} that points at it.`
          : `Fix ${list.map((p) => p.message).join('; ')} in the TXT record at ${domain}.`,
    }));
  },
);
