// Builders of secrets/env facts for check tests.
import type { EnvFacts, EnvVarFacts } from '../../src/facts/env.ts';
import type { SecretsFacts } from '../../src/facts/secrets.ts';

export function secretsFacts(overrides: Partial<SecretsFacts> = {}): SecretsFacts {
  return {
    gitRepo: true,
    head: 'a'.repeat(40),
    rules: 79,
    hardcoded: [],
    omitted: 0,
    history: { commits: 3, totalCommits: 3, addedLines: 10, bytes: 1000, longLines: 0, truncated: null, ms: 5, secrets: [], omitted: 0 },
    envFiles: [],
    envIgnored: { ignored: true, method: 'git check-ignore', source: '.gitignore:1:.env' },
    scanned: { files: 10, bytes: 1000, ms: 3 },
    skipped: { binary: 0, tooLarge: 0, symlinks: 0, overFileLimit: 0, unreadable: 0 },
    suppressed: { inline: 0, ignoreFile: 0 },
    ...overrides,
  };
}

export function envVar(name: string, readAt: string[], documentedAt: string[] = [], wellKnown = false): EnvVarFacts {
  return { name, readAt, reads: readAt.length, documentedAt, wellKnown };
}

export function envFacts(overrides: Partial<EnvFacts> = {}): EnvFacts {
  return {
    filesScanned: 5,
    vars: [],
    validation: [],
    dotenv: [],
    entryPoints: ['src/server.ts'],
    truncated: null,
    ...overrides,
  };
}
