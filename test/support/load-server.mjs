// A node:http server with known behaviour per path, run in a child process so the load engine's timers under test
// are not disturbed by the server's work. Listens on 127.0.0.1 (ephemeral port), prints "listening PORT".
//   /ok            200 "ok"
//   /stall         answers at once, except during the stall: STALL_MS of every PERIOD_MS (phase STALL_AT_MS after the
//                  first /stall request), when answers are held until the stall ends
//   /hang          never answers
//   /reset         destroys the socket without answering
//   /status/NNN    answers NNN
//   /serial        one request at a time, SERIAL_MS each (saturates at 1000/SERIAL_MS req/s)
// With TLS_CERT and TLS_KEY (PEM) in the environment it serves https instead.
//   /__count       requests received on other paths, as JSON; /__last: headers and body of the last one
import http from 'node:http';
import https from 'node:https';

const PERIOD_MS = Number(process.env.PERIOD_MS ?? 5000);
const STALL_MS = Number(process.env.STALL_MS ?? 1000);
const STALL_AT_MS = Number(process.env.STALL_AT_MS ?? 1000);
const SERIAL_MS = Number(process.env.SERIAL_MS ?? 5);

let count = 0;
let last = null;
let firstStall = 0;
let serialFreeAt = 0;
const held = [];

// The stall holds answers; a single timer releases them when it ends, as a blocked event loop would.
function stallEndsAt(now) {
  if (firstStall === 0) firstStall = now;
  const phase = (now - firstStall - STALL_AT_MS) % PERIOD_MS;
  if (now - firstStall < STALL_AT_MS || phase >= STALL_MS) return 0;
  return now + (STALL_MS - phase);
}

const handler = (req, res) => {
  const url = req.url ?? '/';
  if (url === '/__count') return res.end(JSON.stringify({ count }));
  if (url === '/__last') return res.end(JSON.stringify(last));
  count++;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    last = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    if (url.startsWith('/status/')) {
      res.statusCode = Number(url.slice(8));
      return res.end('status');
    }
    if (url === '/hang') return;
    if (url === '/reset') return req.socket.destroy();
    if (url === '/stall') {
      const now = Date.now();
      const until = stallEndsAt(now);
      if (until === 0) return res.end('ok');
      held.push(res);
      if (held.length === 1)
        setTimeout(() => {
          for (const r of held.splice(0)) r.end('ok');
        }, until - now);
      return;
    }
    if (url === '/serial') {
      const now = Date.now();
      serialFreeAt = Math.max(serialFreeAt, now) + SERIAL_MS;
      return setTimeout(() => res.end('ok'), serialFreeAt - now);
    }
    res.end('ok');
  });
};
const server = process.env.TLS_CERT ? https.createServer({ cert: process.env.TLS_CERT, key: process.env.TLS_KEY }, handler) : http.createServer(handler);
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
// Never outlive the test that started it.
setTimeout(() => process.exit(0), Number(process.env.MAX_LIFE_MS ?? 120_000)).unref();
