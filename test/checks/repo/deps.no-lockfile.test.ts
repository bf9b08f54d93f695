import check from '../../../src/checks/repo/deps.no-lockfile.ts';
import { checkTester } from '../../support/check-tester.ts';
import { depsFacts } from '../../support/deps-facts.ts';
import { factsWith } from '../../support/facts.ts';

const manifest = (file: string, kind: string, lockfile: string | null) => ({ file, kind, ecosystem: 'npm', dependencies: 3, lockfile, error: null });

checkTester(check, {
  pass: [
    {
      name: 'every manifest locked',
      facts: factsWith({ deps: depsFacts({ manifests: [manifest('package.json', 'package.json', 'package-lock.json'), manifest('Gemfile', 'Gemfile', 'Gemfile.lock')] }) }),
    },
  ],
  fail: [
    {
      name: 'two manifests without lockfiles',
      facts: factsWith({
        deps: depsFacts({
          manifests: [manifest('package.json', 'package.json', 'package-lock.json'), manifest('api/Gemfile', 'Gemfile', null), manifest('svc/go.mod', 'go.mod', null)],
        }),
      }),
      findings: [
        { target: 'api/Gemfile', fix: /bundle install/, evidence: { manifest: 'api/Gemfile', dependencies: 3 } },
        { target: 'svc/go.mod', fix: /go mod tidy/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no manifests', facts: factsWith({ deps: depsFacts() }) }],
});
