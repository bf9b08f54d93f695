import { recordWithAll } from '../../analyze/spf.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-permissive',
    title: 'SPF ends in -all or ~all',
    failureTitle: 'SPF lets any server send as the domain (+all, ?all or no all)',
    requires: ['email'],
    fix: 'End the SPF record with -all (or ~all while DMARC enforces).',
    docs: {
      why: '`+all` authorises every IP address on the internet; `?all` or a record with no all/redirect gives a neutral result for everyone else. Either way spoofed mail from your domain passes or is not rejected, which phishers rely on.',
      fix: 'End the record with `-all` (fail everything not listed) or `~all` when a DMARC quarantine/reject policy backs it: e.g. `v=spf1 mx include:_spf.google.com -all`.',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-5.1', 'https://www.rfc-editor.org/rfc/rfc7208#section-8'],
    },
  },
  ({ email }) => {
    const spf = email.spf;
    if (!spf.record) return notApplicable('no SPF record (see email.spf-missing)');
    if (spf.all === '-' || spf.all === '~') return [];
    const redirected = spf.redirect ? spf.tree.find((r) => r.via === 'redirect' && r.record) : undefined;
    const fixed = redirected?.record ? recordWithAll(redirected.record, '-') : recordWithAll(spf.record, '-');
    const where = redirected ? redirected.domain : email.domain;
    return [
      {
        target: email.domain,
        evidence: {
          name: email.domain,
          record: spf.record,
          all: spf.all === null ? 'none (neutral by default)' : `${spf.all}all`,
          ...(redirected ? { redirectRecord: redirected.record } : {}),
        },
        fix: `Publish TXT at ${where}: "${fixed}"`,
      },
    ];
  },
);
