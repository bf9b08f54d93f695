import { mergeSpfRecords } from '../../analyze/spf.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-multiple-records',
    title: 'The sending domain has a single SPF record',
    failureTitle: 'The sending domain has more than one SPF record (permerror)',
    requires: ['email'],
    fix: 'Merge the v=spf1 records into one TXT record and delete the others.',
    docs: {
      why: "RFC 7208 says two v=spf1 records make SPF fail with a permanent error for every message, so receivers treat your mail as unauthenticated. It usually happens when a second provider's setup guide is followed literally.",
      fix: 'Keep one TXT record that starts with `v=spf1` and holds the terms of both, e.g. `v=spf1 include:_spf.google.com include:sendgrid.net -all`, and delete the other.',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-4.5'],
    },
  },
  ({ email }) => {
    if (email.spf.records.length <= 1) return [];
    return [
      {
        target: email.domain,
        evidence: { name: email.domain, records: email.spf.records },
        fix: `Replace the ${email.spf.records.length} records with one TXT record at ${email.domain}: "${mergeSpfRecords(email.spf.records)}"`,
      },
    ];
  },
);
