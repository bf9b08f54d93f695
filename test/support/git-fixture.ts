// Fixture repositories for repo-scanner tests: real git commits in a temp directory, removed by the test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeTempDirOnExit } from './temp-dir.ts';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.test',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export class GitFixture {
  readonly dir: string;
  private commits = 0;
  private readonly keepDir: () => void;

  constructor(prefix = 'launchready-repo-', options: { git?: boolean } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.keepDir = removeTempDirOnExit(this.dir);
    if (options.git !== false) this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, ...args], { env: GIT_ENV, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
  }

  write(path: string, content: string | Buffer): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.dir, path), { force: true, recursive: true });
    return this;
  }

  /** Stages everything and commits; dates are deterministic and increasing. */
  commit(message: string): string {
    this.commits++;
    const date = new Date(Date.UTC(2025, 0, 1) + this.commits * 86_400_000).toISOString();
    this.git('add', '-A');
    execFileSync('git', ['-C', this.dir, 'commit', '-q', '--allow-empty', '-m', message], {
      env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      timeout: 120_000,
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.keepDir();
  }
}
