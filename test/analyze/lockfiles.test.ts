import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLockfile, parsePnpmKey } from '../../src/analyze/lockfiles.ts';
import { compareGoVersions } from '../../src/analyze/versions.ts';

const parse = (base: string, text: string) => {
  const r = parseLockfile(base, text, compareGoVersions);
  assert.ok(r);
  return r;
};
const pairs = (base: string, text: string) =>
  parse(base, text)
    .packages.map((p) => `${p.name}@${p.version}`)
    .sort();

describe('lockfile parsers', () => {
  it('npm v1 (nested), v2/v3 (packages map, links skipped)', () => {
    assert.deepEqual(
      pairs(
        'package-lock.json',
        JSON.stringify({
          lockfileVersion: 1,
          dependencies: { lodash: { version: '4.17.20' }, a: { version: '1.0.0', dependencies: { minimist: { version: '1.2.5' } } }, local: { version: 'file:../x' } },
        }),
      ),
      ['a@1.0.0', 'lodash@4.17.20', 'minimist@1.2.5'],
    );
    const v3 = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/@acme/widget': { version: '2.1.0' },
        'node_modules/a/node_modules/lodash': { version: '4.17.21' },
        'node_modules/ws': { link: true },
        'packages/ws': { version: '0.0.1' },
      },
    };
    assert.deepEqual(pairs('package-lock.json', JSON.stringify(v3)), ['@acme/widget@2.1.0', 'lodash@4.17.21']);
  });

  it('pnpm v5, v6 and v9 keys', () => {
    assert.deepEqual(parsePnpmKey('/lodash/4.17.20'), { name: 'lodash', version: '4.17.20' });
    assert.deepEqual(parsePnpmKey('/@acme/widget/2.1.0_react@18.0.0'), { name: '@acme/widget', version: '2.1.0' });
    assert.deepEqual(parsePnpmKey('/@acme/widget@2.1.0(react@18.0.0)'), { name: '@acme/widget', version: '2.1.0' });
    assert.deepEqual(parsePnpmKey('minimist@1.2.5'), { name: 'minimist', version: '1.2.5' });
    assert.deepEqual(pairs('pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  minimist@1.2.5:\n    resolution: {integrity: x}\nsnapshots:\n  minimist@1.2.5: {}\n"), [
      'minimist@1.2.5',
    ]);
  });

  it('yarn v1 and berry', () => {
    const v1 = '# yarn lockfile v1\n\n"@acme/widget@^2.0.0", "@acme/widget@^2.1.0":\n  version "2.1.0"\n  resolved "x"\n\nlodash@^4.17.0:\n  version "4.17.20"\n';
    assert.deepEqual(pairs('yarn.lock', v1), ['@acme/widget@2.1.0', 'lodash@4.17.20']);
    const berry =
      '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.0":\n  version: 4.17.20\n  resolution: "lodash@npm:4.17.20"\n\n"string-width-cjs@npm:string-width@^4.2.0":\n  version: 4.2.3\n  resolution: "string-width@npm:4.2.3"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n';
    assert.deepEqual(pairs('yarn.lock', berry), ['lodash@4.17.20', 'string-width@4.2.3']);
  });

  it('requirements pins, poetry/uv/Cargo locks, Pipfile.lock', () => {
    assert.deepEqual(pairs('requirements.txt', 'Django==4.2.10 ; python_version >= "3.10"\nrequests[socks]===2.31.0\nflask>=2\n# c==1\n-e .\n'), [
      'django@4.2.10',
      'requests@2.31.0',
    ]);
    assert.deepEqual(
      pairs(
        'poetry.lock',
        '[[package]]\nname = "Django"\nversion = "5.0.1"\n\n[package.dependencies]\nasgiref = ">=3.7"\n\n[[package]]\nname = "local"\nversion = "0.1"\nsource = { path = "../x" }\n',
      ),
      ['django@5.0.1'],
    );
    assert.deepEqual(pairs('Cargo.lock', 'version = 3\n\n[[package]]\nname = "serde"\nversion = "1.0.100"\n'), ['serde@1.0.100']);
    assert.deepEqual(pairs('Pipfile.lock', JSON.stringify({ default: { django: { version: '==4.2.1' } }, develop: { pytest: { version: '==8.0.0' } } })), [
      'django@4.2.1',
      'pytest@8.0.0',
    ]);
  });

  it('Gemfile.lock specs (platform suffix dropped) and go.sum (highest version per module)', () => {
    const gem = 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9)\n    nokogiri (1.16.0-x86_64-linux)\n      racc (~> 1.4)\n\nPLATFORMS\n  ruby\n';
    assert.deepEqual(pairs('Gemfile.lock', gem), ['nokogiri@1.16.0', 'rack@3.0.9']);
    const sum = 'golang.org/x/net v0.17.0 h1:a=\ngolang.org/x/net v0.17.0/go.mod h1:b=\ngolang.org/x/net v0.22.0/go.mod h1:c=\ngolang.org/x/net v0.9.0 h1:d=\n';
    assert.deepEqual(pairs('go.sum', sum), ['golang.org/x/net@v0.22.0']);
  });

  it('refuses YAML alias bombs quickly', { timeout: 5000 }, () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    assert.match(parse('pnpm-lock.yaml', `${bomb}packages:\n  x: *a8\n`).error ?? '', /alias/);
    assert.match(parse('yarn.lock', `__metadata:\n  version: 6\n${bomb}`).error ?? '', /alias/);
  });

  it('reports unreadable lockfiles as errors', () => {
    assert.match(parse('package-lock.json', '{oops').error ?? '', /JSON/);
    assert.equal(parse('pnpm-lock.yaml', 'a: [').packages.length, 0);
  });
});
