// Address-in-range matching for the edge range lists, on node:net's BlockList: v4 and v6, no dependency.
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "a.b.c.d/n" or "x:y::/n", strictly: a valid address and an integer prefix within the family's width. */
export function parseCidr(text: string): Cidr | null {
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const address = m[1] as string;
  const version = isIP(address);
  const prefix = Number(m[2]);
  if (version === 4 && prefix <= 32) return { address, prefix, family: 'ipv4' };
  if (version === 6 && prefix <= 128) return { address, prefix, family: 'ipv6' };
  return null;
}

/** The address as BlockList wants it: no brackets or zone, IPv4-mapped IPv6 as plain IPv4. Null when not an IP. */
export function normalizeAddress(text: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return { address: bare, family: 'ipv4' };
  if (version !== 6) return null;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIP(mapped[1] as string) === 4) return { address: mapped[1] as string, family: 'ipv4' };
  return { address: bare.toLowerCase(), family: 'ipv6' };
}

/** A set of CIDR ranges; `match` names the range an address falls in (for evidence). */
export class CidrSet {
  private readonly all = new BlockList();
  private readonly each: { cidr: string; list: BlockList }[] = [];

  constructor(cidrs: readonly string[]) {
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (!cidr) throw new Error(`not a CIDR range: "${text}"`);
      this.all.addSubnet(cidr.address, cidr.prefix, cidr.family);
      const list = new BlockList();
      list.addSubnet(cidr.address, cidr.prefix, cidr.family);
      this.each.push({ cidr: text.trim(), list });
    }
  }

  get size(): number {
    return this.each.length;
  }

  has(address: string): boolean {
    const normalized = normalizeAddress(address);
    return normalized !== null && this.all.check(normalized.address, normalized.family);
  }

  /** The first listed range holding address, or null. */
  match(address: string): string | null {
    const normalized = normalizeAddress(address);
    if (!normalized || !this.all.check(normalized.address, normalized.family)) return null;
    return this.each.find((e) => e.list.check(normalized.address, normalized.family))?.cidr ?? null;
  }
}
