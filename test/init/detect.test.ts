// init proposes only the project's own hosts as canonical, never the third-party APIs its code calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectRepo } from '../../src/init/detect.ts';
import { writeRepo } from '../support/repo-fixture.ts';

describe('init detection', () => {
  it('ignores third-party API hosts found in code and keeps the app’s own (issue 8)', async () => {
    const repo = await writeRepo({
      'package.json': JSON.stringify({ name: 'acme-shop', dependencies: { next: '14.0.0' } }),
      '.env.example': 'NEXT_PUBLIC_APP_URL=https://app.shopfront.example\n',
      'src/github.ts': "const r = await fetch('https://api.github.com/repos/x/y');\n",
      'src/pay.ts': "const s = 'https://api.stripe.com/v1/charges';\n",
      'src/client.ts': "const base = 'https://api.shopfront.example/v1';\nconst docs = 'https://www.acme-shop.dev/docs';\n",
    });
    try {
      assert.deepEqual(detectRepo(repo.dir).urls.sort(), ['https://api.shopfront.example', 'https://www.acme-shop.dev']);
    } finally {
      await repo.remove();
    }
  });

  it('proposes nothing when the code only names other services', async () => {
    const repo = await writeRepo({ 'package.json': JSON.stringify({ name: 'tool' }), 'index.js': "fetch('https://api.github.com/user'); fetch('https://api.openai.com/v1');\n" });
    try {
      assert.deepEqual(detectRepo(repo.dir).urls, []);
    } finally {
      await repo.remove();
    }
  });
});
