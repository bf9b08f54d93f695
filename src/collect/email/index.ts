// The email collector: SPF tree, DKIM keys, DMARC, MX, STARTTLS on each MX, MTA-STS and TLS-RPT, all DNS through the run's client.
import { getDomain } from 'tldts';
import { COMMON_DKIM_SELECTORS, looksLikeDkim, parseDkimKey } from '../../analyze/dkim.js';
import { mentionsDmarc, parseDmarc } from '../../analyze/dmarc.js';
import { isMtaStsRecord, mtaStsRecordErrors, mxMatchesPattern, parseMtaStsPolicy } from '../../analyze/mta-sts.js';
import { analyzeSpf, parseMx } from '../../analyze/spf.js';
import type { DnsAnswer } from '../../facts/dns-wire.js';
import type { DkimSelectorFacts, DmarcFacts, EmailFacts, MtaStsFacts, MxFacts, StarttlsProbe } from '../../facts/email.js';
import type { NetContext } from '../../net/context.js';
import { header, httpRequest, isHttpFailure } from '../../net/http.js';
import { defineCollector } from '../collector.js';
import { probeStarttls } from './smtp.js';

const MAX_MX_PROBED = 5;
const MAX_TXT_KEPT = 20;
const MAX_TXT_CHARS = 4096;

/** TXT strings of an answer (bounded by the DNS message size); callers filter, then cap what they keep. */
function txtOf(answer: DnsAnswer): string[] {
  return answer.answers.filter((r) => r.type === 'TXT').map((r) => (r.chunks ? r.chunks.join('') : r.data).slice(0, MAX_TXT_CHARS));
}

async function collectDkim(net: NetContext, domain: string, configured: string[]): Promise<EmailFacts['dkim']> {
  const common = COMMON_DKIM_SELECTORS.filter((s) => !configured.includes(s));
  const all = [...configured.map((s) => ({ s, configured: true })), ...common.map((s) => ({ s, configured: false }))];
  const found = await Promise.all(
    all.map(async ({ s, configured }): Promise<DkimSelectorFacts | null> => {
      const name = `${s}._domainkey.${domain}`;
      const answer = await net.dns.query(name, 'TXT');
      const txt = txtOf(answer);
      const record = txt.find(looksLikeDkim) ?? (configured ? (txt.find((t) => /dkim|p=|k=/i.test(t)) ?? null) : null);
      if (!record && !configured) return null;
      return { selector: s, name, configured, rcode: answer.rcode, record, key: record ? parseDkimKey(record) : null };
    }),
  );
  return { selectors: found.filter((f): f is DkimSelectorFacts => f !== null), commonSelectorsTried: common };
}

async function collectDmarc(net: NetContext, domain: string): Promise<DmarcFacts> {
  const orgDomain = getDomain(domain, { allowPrivateDomains: false }) ?? null;
  const name = `_dmarc.${domain}`;
  const facts: DmarcFacts = { name, orgDomain, foundAt: null, usedOrgDomain: false, rcode: 'NOERROR', records: [], record: null, parsed: null };
  const candidates = orgDomain && orgDomain !== domain ? [name, `_dmarc.${orgDomain}`] : [name];
  for (const [i, candidate] of candidates.entries()) {
    const answer = await net.dns.query(candidate, 'TXT');
    if (i === 0) facts.rcode = answer.rcode;
    const records = txtOf(answer).filter(mentionsDmarc).slice(0, MAX_TXT_KEPT);
    if (records.length === 0) continue;
    facts.foundAt = candidate;
    facts.usedOrgDomain = i > 0;
    facts.records = records;
    facts.record = records[0] ?? null;
    facts.parsed = parseDmarc(facts.record ?? '');
    if (records.length > 1) facts.parsed.errors.push(`${records.length} DMARC records at ${candidate} (receivers then apply none)`);
    break;
  }
  return facts;
}

async function collectMx(net: NetContext, domain: string): Promise<MxFacts> {
  const answer = await net.dns.query(domain, 'MX');
  const hosts = answer.answers
    .filter((r) => r.type === 'MX')
    .slice(0, 50)
    .map((r) => parseMx(r.data))
    .sort((a, b) => a.priority - b.priority);
  const nullMx = hosts.length === 1 && hosts[0]?.exchange === '' && hosts[0]?.priority === 0;
  return { rcode: answer.rcode, hosts, nullMx };
}

async function collectStarttls(net: NetContext, mx: MxFacts, port: number): Promise<StarttlsProbe[]> {
  if (mx.nullMx) return [];
  const hosts = [...new Set(mx.hosts.map((h) => h.exchange).filter((h) => h !== ''))].slice(0, MAX_MX_PROBED);
  return Promise.all(
    hosts.map(async (host) => {
      const found = await net.lookup(host, port);
      const address = found.addresses.find((a) => !a.includes(':')) ?? found.addresses[0];
      if (!address) {
        return { host, port, address: null, banner: null, offered: null, tls: null, failure: 'unresolvable' as const, error: found.error?.message ?? 'no address' };
      }
      return net.limit(() => probeStarttls({ host, address, port, caCerts: net.caCerts, timeoutMs: net.timeoutMs }));
    }),
  );
}

async function collectMtaSts(net: NetContext, domain: string, mx: MxFacts): Promise<MtaStsFacts> {
  const name = `_mta-sts.${domain}`;
  const policyUrl = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const answer = await net.dns.query(name, 'TXT');
  const records = txtOf(answer)
    .filter((r) => /^v=STS/i.test(r))
    .slice(0, MAX_TXT_KEPT);
  const facts: MtaStsFacts = { name, rcode: answer.rcode, records, recordErrors: [], policyUrl, fetch: null, policy: null, mxNotCovered: [] };
  if (records.length === 0) return facts;
  if (records.length > 1) facts.recordErrors.push(`${records.length} v=STSv1 records at ${name}`);
  for (const r of records) if (!isMtaStsRecord(r)) facts.recordErrors.push(`"${r.slice(0, 60)}" does not start with v=STSv1`);
  facts.recordErrors.push(...mtaStsRecordErrors(records[0] ?? ''));
  // httpRequest takes its own concurrency slot; wrapping it in net.limit again could deadlock the pool
  const response = await httpRequest(net, { url: policyUrl, maxBodyBytes: 64 * 1024 });
  if (isHttpFailure(response)) {
    facts.fetch = { status: null, error: `${response.error.code}: ${response.error.message}`, contentType: null };
    return facts;
  }
  const contentType = header(response, 'content-type') ?? null;
  facts.fetch = { status: response.status, error: null, contentType };
  if (response.tls && !response.tls.authorized) facts.fetch.error = `certificate not trusted: ${response.tls.authorizationError}`;
  if (response.status !== 200) return facts;
  facts.policy = parseMtaStsPolicy(response.body);
  if (contentType && !/^text\/plain\b/i.test(contentType)) facts.policy.errors.push(`served as ${contentType}, must be text/plain`);
  if (facts.policy.mx.length > 0) facts.mxNotCovered = mx.hosts.map((h) => h.exchange).filter((h) => h !== '' && !facts.policy?.mx.some((p) => mxMatchesPattern(h, p)));
  return facts;
}

export const emailCollector = defineCollector({
  source: 'email',
  title: 'Email authentication',
  stages: ['email'],
  missingInput: (plan) => (plan.email.domain ? null : 'no sending domain: set email.domain in the config or pass --domain'),
  async collect({ plan, net, progress }) {
    const domain = (plan.email.domain ?? '').toLowerCase().replace(/\.$/, '');
    const before = net.dns.queriesSent;
    progress(`SPF, DKIM, DMARC and MX for ${domain}`);
    const [spf, dkim, dmarc, mx, tlsRptAnswer] = await Promise.all([
      analyzeSpf(domain, net.dns),
      collectDkim(net, domain, plan.email.dkimSelectors),
      collectDmarc(net, domain),
      collectMx(net, domain),
      net.dns.query(`_smtp._tls.${domain}`, 'TXT'),
    ]);
    progress('STARTTLS and MTA-STS');
    const [starttls, mtaSts] = await Promise.all([collectStarttls(net, mx, plan.email.smtpPort), collectMtaSts(net, domain, mx)]);
    const tlsRpt = {
      name: `_smtp._tls.${domain}`,
      rcode: tlsRptAnswer.rcode,
      records: txtOf(tlsRptAnswer)
        .filter((r) => /^v=TLSRPTv1/i.test(r))
        .slice(0, MAX_TXT_KEPT),
    };
    return { domain, spf, dkim, dmarc, mx, starttls, mtaSts, tlsRpt, dnsQueries: net.dns.queriesSent - before };
  },
});
