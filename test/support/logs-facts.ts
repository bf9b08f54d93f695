// Builders for logs facts in check tests.
import type { LogFileScan, LogsFacts } from '../../src/facts/logs.ts';

export function logsFacts(overrides: Partial<LogsFacts> = {}): LogsFacts {
  return { repo: '/srv/app', codeScan: { filesScanned: 30, truncated: false, calls: [] }, patterns: [], unmatchedPatterns: [], logFiles: [], ...overrides };
}

export function logFile(overrides: Partial<LogFileScan> = {}): LogFileScan {
  return {
    file: 'var/log/app.log',
    bytes: 1000,
    lines: 100,
    longLines: 0,
    counts: { credential: 0, 'bearer-token': 0, jwt: 0, 'card-number': 0, email: 0 },
    distinctEmails: 0,
    samples: [],
    error: null,
    ...overrides,
  };
}
