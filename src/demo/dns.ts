// The demo stack's own authoritative DNS responder (UDP and TCP on loopback), so the demo needs no system DNS server.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

export interface DemoRecord {
  name: string;
  type: 'A' | 'AAAA' | 'NS' | 'MX' | 'TXT' | 'CNAME' | 'CAA' | 'SOA';
  data: unknown;
  ttl?: number;
}

export interface DemoDnsServer {
  address: string;
  port: number;
  stop(): Promise<void>;
}

const NXDOMAIN = 3;
const REFUSED = 5;

function answer(records: DemoRecord[], zone: string, query: dnsPacket.Packet): Buffer {
  const question = query.questions?.[0];
  const base = { type: 'response' as const, id: query.id ?? 0, questions: query.questions ?? [] };
  if (!question) return dnsPacket.encode({ ...base, flags: REFUSED });
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (name !== zone && !name.endsWith(`.${zone}`)) return dnsPacket.encode({ ...base, flags: REFUSED });
  const soa = {
    name: zone,
    type: 'SOA' as const,
    ttl: 300,
    data: { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300 },
  };
  const atName = records.filter((r) => r.name === name);
  const cname = atName.find((r) => r.type === 'CNAME');
  const matching = cname && question.type !== 'CNAME' ? [cname] : atName.filter((r) => r.type === question.type);
  const answers = matching.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl ?? 300, data: r.data })) as dnsPacket.Answer[];
  const exists = atName.length > 0 || records.some((r) => r.name.endsWith(`.${name}`));
  return dnsPacket.encode({
    ...base,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | (exists ? 0 : NXDOMAIN),
    answers,
    authorities: answers.length === 0 ? [soa] : [],
  });
}

export async function startDemoDns(zone: string, records: DemoRecord[], address = '127.0.0.1'): Promise<DemoDnsServer> {
  // UDP and TCP must share one port; an ephemeral UDP port may already be taken on TCP, so try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await bindDemoDns(zone, records, address);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw error;
    }
  }
}

async function bindDemoDns(zone: string, records: DemoRecord[], address: string): Promise<DemoDnsServer> {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    try {
      udp.send(answer(records, zone, dnsPacket.decode(msg)), rinfo.port, rinfo.address);
    } catch {
      // malformed query: drop it, as a real server would
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, address, () => resolve());
  });
  const port = udp.address().port;
  const tcp = net.createServer((socket) => {
    socket.setTimeout(5000, () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > 65_537) return socket.destroy();
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < len + 2) break;
        const msg = buffered.subarray(2, len + 2);
        buffered = buffered.subarray(len + 2);
        try {
          const reply = answer(records, zone, dnsPacket.decode(msg));
          const framed = Buffer.alloc(reply.length + 2);
          framed.writeUInt16BE(reply.length, 0);
          reply.copy(framed, 2);
          socket.write(framed);
        } catch {
          socket.destroy();
        }
      }
    });
    socket.on('error', () => socket.destroy());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, address, () => resolve());
    });
  } catch (error) {
    udp.close();
    throw error;
  }
  return {
    address,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
