import check from '../../../src/checks/repo/env.dotenv-in-production.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { envFacts } from '../../support/secrets-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'guarded at the entry point, unguarded only in a seed script',
      facts: factsWith({
        env: envFacts({
          dotenv: [
            { at: 'src/server.ts:1', form: 'dotenv.config()', guarded: true, entryPoint: true },
            { at: 'scripts/seed.ts:1', form: "import 'dotenv/config'", guarded: false, entryPoint: false },
          ],
        }),
      }),
    },
  ],
  fail: [
    {
      name: "import 'dotenv/config' in the server entry",
      facts: factsWith({ env: envFacts({ dotenv: [{ at: 'src/server.ts:1', form: "import 'dotenv/config'", guarded: false, entryPoint: true }] }) }),
      findings: [{ target: 'src/server.ts:1', evidence: { form: "import 'dotenv/config'", guarded: false } }],
    },
    {
      name: 'the start script preloads dotenv',
      facts: factsWith({ env: envFacts({ dotenv: [{ at: 'package.json scripts.start', form: 'node -r dotenv/config dist/server.js', guarded: false, entryPoint: true }] }) }),
      findings: [{ target: 'package.json scripts.start' }],
    },
  ],
  notApplicable: [{ name: 'no dotenv at all', facts: factsWith({ env: envFacts() }) }],
});
