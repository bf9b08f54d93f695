// Whether a DNS answer lets a check conclude "absent": NOERROR/NXDOMAIN do, a timeout or SERVFAIL does not.

export function lookupFailed(rcode: string): boolean {
  return rcode !== 'NOERROR' && rcode !== 'NXDOMAIN';
}
