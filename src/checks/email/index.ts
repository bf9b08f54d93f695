// Checks of the email stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import dkimMissing from './email.dkim-missing.js';
import dkimSyntaxError from './email.dkim-syntax-error.js';
import dkimTesting from './email.dkim-testing.js';
import dkimWeakKey from './email.dkim-weak-key.js';
import dmarcMissing from './email.dmarc-missing.js';
import dmarcNoReporting from './email.dmarc-no-reporting.js';
import dmarcPartial from './email.dmarc-partial.js';
import dmarcPolicyNone from './email.dmarc-policy-none.js';
import dmarcSyntaxError from './email.dmarc-syntax-error.js';
import mtaStsMissing from './email.mta-sts-missing.js';
import mxMissing from './email.mx-missing.js';
import spfMissing from './email.spf-missing.js';
import spfMultipleRecords from './email.spf-multiple-records.js';
import spfPermissive from './email.spf-permissive.js';
import spfSoftfail from './email.spf-softfail.js';
import spfSyntaxError from './email.spf-syntax-error.js';
import spfTooManyLookups from './email.spf-too-many-lookups.js';
import spfVoidLookups from './email.spf-void-lookups.js';
import starttlsMissing from './email.starttls-missing.js';
import tlsRptMissing from './email.tls-rpt-missing.js';

export const emailChecks: AnyCheck[] = [
  dkimMissing,
  dkimSyntaxError,
  dkimTesting,
  dkimWeakKey,
  dmarcMissing,
  dmarcNoReporting,
  dmarcPartial,
  dmarcPolicyNone,
  dmarcSyntaxError,
  mtaStsMissing,
  mxMissing,
  spfMissing,
  spfMultipleRecords,
  spfPermissive,
  spfSoftfail,
  spfSyntaxError,
  spfTooManyLookups,
  spfVoidLookups,
  starttlsMissing,
  tlsRptMissing,
];
