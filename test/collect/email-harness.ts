// Shared by the email collector tests and the bench: run the email collector against loopback servers, then the email checks.
import { execFileSync } from 'node:child_process';
import { emailChecks } from '../../src/checks/email/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import { emailCollector } from '../../src/collect/email/index.ts';
import type { EmailFacts } from '../../src/facts/email.ts';
import { type CollectorFailure, isCollectorFailure } from '../../src/facts/index.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { factsWith, planFor } from '../support/facts.ts';

export interface EmailAudit {
  email: EmailFacts;
  findings: Finding[];
  checks: CheckResult[];
  /** Sorted ids of the email findings that fired. */
  ids: string[];
  ms: number;
  net: NetContext;
}

export async function auditEmail(opts: {
  domain: string;
  dnsServer: string;
  dkimSelectors?: string[];
  smtpPort?: number;
  resolve?: string[];
  extraCaPem?: string[];
  timeoutMs?: number;
}): Promise<EmailAudit> {
  const net = new NetContext({
    timeoutMs: opts.timeoutMs ?? 3000,
    concurrency: 16,
    resolve: opts.resolve ?? [],
    dnsServers: [opts.dnsServer],
    extraCaPem: opts.extraCaPem ?? [],
    allowNonLoopbackTraffic: false,
  });
  const emailPlan = { domain: opts.domain, dkimSelectors: opts.dkimSelectors ?? ['s1'], smtpPort: opts.smtpPort ?? 25 };
  const collector = emailCollector;
  if (!collector) throw new Error('no email collector registered');
  const started = performance.now();
  const collected = (await collector.collect({
    plan: planFor({ email: emailPlan }),
    secrets: { routeHeaders: {}, routeBodies: {}, databaseUrl: null },
    net,
    redactor: new Redactor(),
    progress: () => {},
  })) as EmailFacts | CollectorFailure;
  const ms = performance.now() - started;
  if (isCollectorFailure(collected)) throw new Error(`email collector failed: ${collected.error.message}`);
  const facts = factsWith({ email: collected }, { email: emailPlan });
  const out = runChecks(facts, new Map(emailChecks.map((c) => [c.meta.id, c])));
  return { email: collected, findings: out.findings, checks: out.checks, ids: [...new Set(out.findings.map((f) => f.id))].sort(), ms, net };
}

/** A DKIM key record for a fresh RSA key of `bits`, generated with openssl (as an operator would). */
export function dkimRecordWithOpenssl(bits: number, flags = ''): string {
  const pem = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`], { timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
  const der = execFileSync('openssl', ['pkey', '-pubout', '-outform', 'DER'], { input: pem, timeout: 10_000, stdio: ['pipe', 'pipe', 'ignore'] });
  return `v=DKIM1; ${flags}k=rsa; p=${der.toString('base64')}`;
}

/** Zone-file TXT data: quoted 200-character strings (one TXT string holds at most 255). */
export function txt(text: string): string {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 200) parts.push(`"${text.slice(i, i + 200).replace(/"/g, '\\"')}"`);
  return parts.join(' ');
}
