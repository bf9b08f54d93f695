import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dkim-testing',
    title: 'DKIM keys are not in testing mode',
    failureTitle: 'A DKIM key record carries t=y (testing mode)',
    requires: ['email'],
    fix: 'Remove t=y from the DKIM key record once signing works.',
    docs: {
      why: 'With t=y the domain tells receivers it is only testing DKIM, so they must not treat a failing signature differently from an unsigned message: DKIM gives no protection.',
      fix: 'Publish the same key record without the `t=y` flag, e.g. `v=DKIM1; k=rsa; p=MIIBIjANBg...`.',
      references: ['https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1'],
    },
  },
  ({ email }) => {
    const keys = email.dkim.selectors.filter((s) => s.key && s.record);
    if (keys.length === 0) return notApplicable('no DKIM key found');
    return keys
      .filter((s) => s.key?.testing)
      .map((s) => {
        const fixed = (s.record ?? '')
          .split(';')
          .map((p) => p.trim())
          .filter((p) => p !== '' && !/^t\s*=/i.test(p))
          .join('; ');
        return { target: s.name, evidence: { name: s.name, selector: s.selector, record: s.record, flags: s.key?.tags.t ?? null }, fix: `Publish TXT at ${s.name}: "${fixed}"` };
      });
  },
);
