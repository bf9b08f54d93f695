// A tiny scriptable DNS server (UDP + TCP on one loopback address) for misbehaviour BIND will not produce on demand.
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';

export type Transport = 'udp' | 'tcp';

export interface ReceivedQuery {
  transport: Transport;
  name: string;
  type: string;
  /** The query carried an EDNS0 OPT record; its advertised UDP size. */
  ednsUdpSize: number | null;
}

/** Return a packet to answer, raw bytes to send as they are, or null to stay silent. */
export type Responder = (query: dnsPacket.DecodedPacket, transport: Transport) => dnsPacket.Packet | Buffer | null;

export interface HostileDns {
  server: string;
  received: ReceivedQuery[];
  stop(): Promise<void>;
}

/** A response skeleton answering `query` (same id and question). */
export function replyTo(query: dnsPacket.DecodedPacket, extra: Partial<dnsPacket.Packet> & { rcode?: string } = {}): dnsPacket.Packet {
  const { rcode, ...rest } = extra;
  const rcodeBits = rcode ? ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'].indexOf(rcode) & 0xf : 0;
  return { type: 'response', id: query.id ?? 0, flags: dnsPacket.AUTHORITATIVE_ANSWER | rcodeBits, questions: query.questions ?? [], answers: [], ...rest };
}

export async function startHostileDns(opts: { address: string; port: number; respond: Responder }): Promise<HostileDns> {
  const received: ReceivedQuery[] = [];
  const note = (query: dnsPacket.DecodedPacket, transport: Transport) => {
    const q = query.questions?.[0];
    const opt = (query.additionals ?? []).find((a) => a.type === 'OPT') as dnsPacket.OptAnswer | undefined;
    received.push({ transport, name: q?.name ?? '', type: q?.type ?? '', ednsUdpSize: opt ? opt.udpPayloadSize : null });
  };
  const encode = (answer: dnsPacket.Packet | Buffer) => (Buffer.isBuffer(answer) ? answer : dnsPacket.encode(answer));

  const udp = createSocket(opts.address.includes(':') ? 'udp6' : 'udp4');
  udp.on('message', (message, from) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    note(query, 'udp');
    const answer = opts.respond(query, 'udp');
    if (answer) udp.send(encode(answer), from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(opts.port, opts.address, () => resolve());
  });
  // port 0: the OS picks the UDP port and TCP takes the same one
  const port = udp.address().port;

  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        let query: dnsPacket.DecodedPacket;
        try {
          query = dnsPacket.decode(message);
        } catch {
          socket.destroy();
          return;
        }
        note(query, 'tcp');
        const answer = opts.respond(query, 'tcp');
        if (!answer) continue;
        const bytes = encode(answer);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(bytes.length);
        socket.write(Buffer.concat([prefix, bytes]));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, opts.address, () => resolve());
  });

  return {
    server: opts.address.includes(':') ? `[${opts.address}]:${port}` : `${opts.address}:${port}`,
    received,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
