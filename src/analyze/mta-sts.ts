// MTA-STS (RFC 8461): the _mta-sts TXT record and the policy file served at https://mta-sts.DOMAIN/.well-known/mta-sts.txt.

export interface MtaStsPolicy {
  version: string | null;
  mode: 'enforce' | 'testing' | 'none' | null;
  mx: string[];
  maxAge: number | null;
  errors: string[];
}

export function isMtaStsRecord(text: string): boolean {
  return /^v=STSv1(;|\s|$)/.test(text);
}

/** Errors in a _mta-sts TXT record (v=STSv1; id=1..32 alphanumerics). */
export function mtaStsRecordErrors(text: string): string[] {
  const errors: string[] = [];
  const id = /(?:^|;)\s*id=([^;\s]*)/.exec(text)?.[1];
  if (!id) errors.push('no id= in the _mta-sts record');
  else if (!/^[A-Za-z0-9]{1,32}$/.test(id)) errors.push(`id=${id.slice(0, 40)} must be 1-32 letters or digits`);
  return errors;
}

export function parseMtaStsPolicy(body: string): MtaStsPolicy {
  const errors: string[] = [];
  const policy: MtaStsPolicy = { version: null, mode: null, mx: [], maxAge: null, errors };
  for (const raw of body.split(/\r?\n/).slice(0, 200)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
    if (!m) {
      errors.push(`line "${line.slice(0, 60)}" is not key: value`);
      continue;
    }
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    if (key === 'version') policy.version = value;
    else if (key === 'mode') {
      if (value === 'enforce' || value === 'testing' || value === 'none') policy.mode = value;
      else errors.push(`mode: ${value.slice(0, 30)} is not enforce, testing or none`);
    } else if (key === 'mx') policy.mx.push(value.toLowerCase());
    else if (key === 'max_age') {
      if (/^\d{1,10}$/.test(value) && Number(value) <= 31_557_600) policy.maxAge = Number(value);
      else errors.push(`max_age: ${value.slice(0, 30)} is not a number of seconds up to 31557600`);
    }
  }
  if (policy.version !== 'STSv1') errors.push('version: STSv1 missing');
  if (policy.mode === null && !errors.some((e) => e.startsWith('mode'))) errors.push('mode: missing');
  if (policy.maxAge === null && !errors.some((e) => e.startsWith('max_age'))) errors.push('max_age: missing');
  if (policy.mode !== 'none' && policy.mx.length === 0) errors.push('no mx: line');
  return policy;
}

/** Does an MX host match a policy mx pattern ("mail.example.com" or "*.example.com", one label wildcard)? */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const rest = p.slice(2);
    return h.endsWith(`.${rest}`) && !h.slice(0, -rest.length - 1).includes('.');
  }
  return h === p;
}
