// DMARC records (RFC 7489 section 6.3): v=DMARC1 first, p required, pct, rua.

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  tags: Record<string, string>;
  policy: DmarcPolicy | null;
  subdomainPolicy: DmarcPolicy | null;
  pct: number;
  rua: string[];
  errors: string[];
}

/** TXT records at _dmarc that are meant as DMARC (even when malformed), so a broken record is not reported as missing. */
export function mentionsDmarc(record: string): boolean {
  return /v\s*=\s*dmarc/i.test(record);
}

const POLICIES = new Set(['none', 'quarantine', 'reject']);

export function parseDmarc(record: string): DmarcRecord {
  const errors: string[] = [];
  const tags: Record<string, string> = {};
  const parts = record
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .slice(0, 64);
  parts.forEach((part, index) => {
    const eq = part.indexOf('=');
    if (eq < 0) {
      errors.push(`"${part.slice(0, 40)}" is not a tag=value pair`);
      return;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (index === 0 && (name !== 'v' || value !== 'DMARC1')) errors.push('the record must start with v=DMARC1');
    if (name in tags) errors.push(`tag ${name}= appears twice`);
    tags[name] = value;
  });
  if (parts.length === 0) errors.push('empty record');
  const p = tags.p?.toLowerCase();
  if (p === undefined) errors.push('no p= tag (policy)');
  else if (!POLICIES.has(p)) errors.push(`p=${tags.p} is not none, quarantine or reject`);
  const sp = tags.sp?.toLowerCase();
  if (sp !== undefined && !POLICIES.has(sp)) errors.push(`sp=${tags.sp} is not none, quarantine or reject`);
  let pct = 100;
  if (tags.pct !== undefined) {
    if (/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100) pct = Number(tags.pct);
    else errors.push(`pct=${tags.pct} is not an integer from 0 to 100`);
  }
  const rua = (tags.rua ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  for (const uri of rua) if (!/^mailto:[^@\s]+@[^@\s]+/i.test(uri) && !/^https?:\/\//i.test(uri)) errors.push(`rua entry "${uri.slice(0, 60)}" is not a mailto: URI`);
  return {
    tags,
    policy: p && POLICIES.has(p) ? (p as DmarcPolicy) : null,
    subdomainPolicy: sp && POLICIES.has(sp) ? (sp as DmarcPolicy) : null,
    pct,
    rua,
    errors,
  };
}

/** The DMARC record to publish: keeps the given policy and rua, adds aggregate reports to dmarc-reports@domain. */
export function recommendedDmarc(domain: string, opts: { policy?: DmarcPolicy; rua?: string[]; keep?: Record<string, string> } = {}): string {
  const rua = opts.rua && opts.rua.length > 0 ? opts.rua : [`mailto:dmarc-reports@${domain}`];
  const extra = Object.entries(opts.keep ?? {})
    .filter(([k]) => !['v', 'p', 'pct', 'rua'].includes(k))
    .map(([k, v]) => `${k}=${v}`);
  return ['v=DMARC1', `p=${opts.policy ?? 'quarantine'}`, `rua=${rua.join(',')}`, ...extra].join('; ');
}

/** The policy that applies to the domain: sp= when the record was inherited from the organizational domain. */
export function effectivePolicy(parsed: DmarcRecord, inherited: boolean): DmarcPolicy | null {
  return inherited ? (parsed.subdomainPolicy ?? parsed.policy) : parsed.policy;
}
