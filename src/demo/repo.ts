// Writes the demo app's repository into a temp dir: a small Express app with deliberate deployment-safety risks.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A fake live payment key built at run time, so no credential-shaped literal sits in launchready's own source. */
function fakeLiveKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const body = [...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join('');
  return ['sk', 'live', body].join('_');
}

export function writeDemoRepo(dir: string): { dir: string; fakeKey: string } {
  const fakeKey = fakeLiveKey();
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify({ name: 'acme-ops', version: '1.4.0', private: true, scripts: { start: 'node src/server.js', test: 'node --test' }, dependencies: { express: '4.18.2', dotenv: '16.4.5', pg: '8.11.3' } }, null, 2)}\n`,
    'src/server.js': [
      "require('dotenv').config();",
      "const express = require('express');",
      "const { Pool } = require('pg');",
      "const settings = require('./settings');",
      'const app = express();',
      'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
      'app.use(express.json());',
      "app.get('/health', (req, res) => res.json({ ok: true }));",
      "app.get('/api/orders', async (req, res) => {",
      "  const { rows } = await pool.query('select * from orders order by id desc limit 50');",
      '  res.json(rows);',
      '});',
      "app.post('/api/login', async (req, res) => {",
      "  console.log('login attempt', req.body);",
      "  res.status(401).json({ error: 'invalid credentials' });",
      '});',
      'app.listen(process.env.PORT || 3000, () => console.log(`listening with payments ${settings.paymentsMode}`));',
      '',
    ].join('\n'),
    'src/settings.js': [
      'module.exports = {',
      `  stripeKey: '${fakeKey}',`,
      '  sessionSecret: process.env.SESSION_SECRET,',
      "  paymentsMode: process.env.PAYMENTS_MODE || 'test',",
      '  reportsBucket: process.env.REPORTS_BUCKET,',
      '};',
      '',
    ].join('\n'),
    '.env.example': 'DATABASE_URL=postgres://localhost:5432/acme_ops\nSESSION_SECRET=\n',
    '.gitignore': 'node_modules/\n',
    'db/migrations/001_create_orders.sql':
      'CREATE TABLE orders (\n  id bigserial PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  status text NOT NULL,\n  total_cents integer NOT NULL\n);\n',
    'db/migrations/002_orders_customer_index.sql': '-- speeds up the customer page\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
    'db/migrations/003_orders_notes.sql': 'ALTER TABLE orders ADD COLUMN notes text;\nALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n',
    'README.md': '# Acme Ops\n\nInternal operations dashboard. Run `npm start`.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return { dir, fakeKey };
}
