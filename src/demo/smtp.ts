// The demo's MX: a minimal SMTP listener on loopback that offers STARTTLS with the demo certificate and accepts no mail.
import net from 'node:net';
import tls from 'node:tls';

export interface DemoSmtpServer {
  port: number;
  stop(): Promise<void>;
}

export async function startDemoSmtp(hostname: string, keyPem: string, certPem: string, address = '127.0.0.1'): Promise<DemoSmtpServer> {
  const sockets = new Set<net.Socket>();
  const converse = (socket: net.Socket | tls.TLSSocket, secure: boolean) => {
    let buffered = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      if (buffered.length > 4096) return socket.destroy();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO') socket.write(`250-${hostname}\r\n250-PIPELINING\r\n${secure ? '' : '250-STARTTLS\r\n'}250 8BITMIME\r\n`);
        else if (verb === 'HELO') socket.write(`250 ${hostname}\r\n`);
        else if (verb === 'STARTTLS' && !secure) {
          socket.write('220 2.0.0 Ready to start TLS\r\n');
          socket.removeListener('data', onData);
          const upgraded = new tls.TLSSocket(socket, { isServer: true, key: keyPem, cert: certPem, minVersion: 'TLSv1.2' });
          sockets.add(upgraded as unknown as net.Socket);
          converse(upgraded, true);
          return;
        } else if (verb === 'QUIT') {
          socket.end('221 2.0.0 Bye\r\n');
          return;
        } else socket.write('502 5.5.1 The demo accepts no mail\r\n');
        newline = buffered.indexOf('\n');
      }
    };
    socket.on('data', onData);
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write(`220 ${hostname} ESMTP acme-demo\r\n`);
    converse(socket, false);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
