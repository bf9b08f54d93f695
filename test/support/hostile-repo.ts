// A git repository whose own config names a program for every hook git offers, each touching a marker file when run.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitFixture } from './git-fixture.js';

const SIGNATURES = [
  'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n =abcd\n -----END PGP SIGNATURE-----',
  'gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg\n -----END SSH SIGNATURE-----',
  'gpgsig -----BEGIN SIGNED MESSAGE-----\n MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0B\n -----END SIGNED MESSAGE-----',
];

export class HostileRepo extends GitFixture {
  readonly marker: string;
  readonly script: string;

  constructor() {
    super('launchready-gitcfg-');
    this.marker = join(this.dir, '..', `${this.dir.split('/').pop()}-MARKER`);
    this.script = join(this.dir, 'evil.sh');
    writeFileSync(this.script, `#!/bin/sh\necho "$0 $*" >> '${this.marker}'\ncat >/dev/null 2>&1\nexit 1\n`);
    chmodSync(this.script, 0o755);
    this.write('app.js', 'const key = process.env.API_KEY;\n');
    this.write('.gitattributes', '* diff=evil filter=evil merge=evil\n');
    this.write('.mailmap', 'A <a@example.test>\n');
    this.commit('first');
    this.write('app.js', 'const key = "sk_live_51HxQJtKZ3e4b9XyAbCdEfGhIjKlMnOpQrStUv";\n');
    this.commit('second');
    // one signed commit per signature format: PGP (gpg.program), SSH (gpg.ssh.program), X.509 (gpg.x509.program)
    let parent = this.git('rev-parse', 'HEAD').trim();
    for (const [i, sig] of SIGNATURES.entries()) {
      // each signed commit changes a file, so `git log -p --diff-filter=d` shows it too
      this.write(`signed-${i}.txt`, `${i}\n`);
      this.git('add', '-A');
      const tree = this.git('write-tree').trim();
      const raw = `tree ${tree}\nparent ${parent}\nauthor A <a@example.test> 1735700000 +0000\ncommitter A <a@example.test> 1735700000 +0000\n${sig}\n\nsigned ${i}\n`;
      parent = execFileSync('git', ['-C', this.dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: raw, encoding: 'utf8' }).trim();
    }
    this.git('update-ref', 'refs/heads/main', parent);
    const hooks = join(this.dir, 'hooks');
    mkdirSync(hooks);
    for (const hook of ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman']) {
      writeFileSync(join(hooks, hook), readFileSync(this.script));
      chmodSync(join(hooks, hook), 0o755);
    }
    const s = this.script;
    const config: [string, string][] = [
      ['log.showSignature', 'true'],
      ['gpg.program', s],
      ['gpg.openpgp.program', s],
      ['gpg.ssh.program', s],
      ['gpg.x509.program', s],
      ['gpg.ssh.allowedSignersFile', join(this.dir, 'app.js')],
      ['core.fsmonitor', s],
      ['core.hooksPath', hooks],
      ['core.pager', s],
      ['pager.log', s],
      ['core.sshCommand', s],
      ['core.askPass', s],
      ['core.gitProxy', s],
      ['core.editor', s],
      ['credential.helper', `!${s}`],
      ['diff.external', s],
      ['diff.evil.textconv', s],
      ['diff.evil.command', s],
      ['filter.evil.clean', s],
      ['filter.evil.smudge', s],
      ['filter.evil.process', s],
      ['merge.evil.driver', s],
      ['core.alternateRefsCommand', s],
      ['log.mailmap', 'true'],
    ];
    for (const [key, value] of config) this.git('config', '--local', key, value);
  }

  /** The marker appears when plain git honours the hostile config: proves the fixture is hostile. */
  sanityCheck(): boolean {
    try {
      execFileSync('git', ['-C', this.dir, 'log', '-1'], { stdio: 'ignore', timeout: 20_000 });
    } catch {}
    const ran = existsSync(this.marker);
    rmSync(this.marker, { force: true });
    return ran;
  }

  markerText(): string | null {
    return existsSync(this.marker) ? readFileSync(this.marker, 'utf8') : null;
  }

  override cleanup(): void {
    super.cleanup();
    rmSync(this.marker, { force: true });
  }
}
