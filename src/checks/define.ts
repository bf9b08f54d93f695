// A check is pure: meta + run(facts) → findings or not-applicable. Severity, stage and bar come from the catalog.
import { CATALOG_BY_ID, type CatalogEntry } from '../catalog.js';
import type { FactSource, FactsMap } from '../facts/index.js';
import type { AuditPlan } from '../plan.js';
import type { FindingDraft } from '../types.js';

export interface CheckDocs {
  /** Why it matters, in two or three sentences. */
  why: string;
  /** How to fix, with the exact header, record, config line or SQL. */
  fix: string;
  references: string[];
}

export interface CheckMeta<R extends FactSource = FactSource, O extends FactSource = never> {
  id: string;
  /** What is checked, as a passing statement ("HSTS is sent on the canonical host"). */
  title: string;
  /** Title of a finding ("The canonical host sends no HSTS header"). */
  failureTitle: string;
  /** Facts the check cannot run without. */
  requires: readonly R[];
  /** Facts the check uses when present. */
  optional?: readonly O[];
  /** One-line fix shown in the risk list unless a finding gives its own. */
  fix: string;
  docs: CheckDocs;
}

export type CheckInput<R extends FactSource, O extends FactSource = never> = { plan: AuditPlan } & { [K in R]: FactsMap[K] } & { [K in O]?: FactsMap[K] };

export interface NotApplicable {
  notApplicable: string;
}

export function notApplicable(reason: string): NotApplicable {
  return { notApplicable: reason };
}

export function isNotApplicable(value: unknown): value is NotApplicable {
  return typeof value === 'object' && value !== null && 'notApplicable' in value;
}

/** The check could not judge (e.g. the local OpenSSL cannot offer TLS 1.0): reported as `error`, never as passed. */
export interface CannotRun {
  cannotRun: string;
}

export function cannotRun(reason: string): CannotRun {
  return { cannotRun: reason };
}

export function isCannotRun(value: unknown): value is CannotRun {
  return typeof value === 'object' && value !== null && 'cannotRun' in value;
}

/** An input the check needs was not given (no --advisories, no logs: configured): reported as `skipped` with the reason. */
export interface InputMissing {
  inputMissing: string;
}

export function inputMissing(reason: string): InputMissing {
  return { inputMissing: reason };
}

export function isInputMissing(value: unknown): value is InputMissing {
  return typeof value === 'object' && value !== null && 'inputMissing' in value;
}

/** Findings from a scan that did not cover everything: reported as `failed` with the reason saying how far it got. */
export interface PartialFindings {
  findings: FindingDraft[];
  partial: string;
}

export function partialFindings(findings: FindingDraft[], partial: string): PartialFindings {
  return { findings, partial };
}

export function isPartialFindings(value: unknown): value is PartialFindings {
  return typeof value === 'object' && value !== null && 'partial' in value && 'findings' in value;
}

export interface Check<R extends FactSource = FactSource, O extends FactSource = never> {
  meta: CheckMeta<R, O>;
  catalog: CatalogEntry;
  run(input: CheckInput<R, O>): FindingDraft[] | PartialFindings | NotApplicable | CannotRun | InputMissing;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds checks of every input shape
export type AnyCheck = Check<any, any>;

export function defineCheck<R extends FactSource, O extends FactSource = never>(
  meta: CheckMeta<R, O>,
  run: (input: CheckInput<R, O>) => FindingDraft[] | PartialFindings | NotApplicable | CannotRun | InputMissing,
): Check<R, O> {
  const catalog = CATALOG_BY_ID.get(meta.id);
  if (!catalog) throw new Error(`check ${meta.id} is not in the catalog (src/catalog.ts)`);
  return { meta, catalog, run };
}

/** Nothing to judge: could-not-run when that is because the target was not reached, else not-applicable. */
export function unreachedOrNotApplicable(unreached: string | null, reason: string): NotApplicable | CannotRun {
  return unreached ? cannotRun(unreached) : notApplicable(reason);
}

/** Findings stand; no findings with a target left unjudged is could-not-run, not a pass. */
export function findingsOrCannotRun(drafts: FindingDraft[], unjudged: string | null): FindingDraft[] | CannotRun {
  return drafts.length === 0 && unjudged ? cannotRun(unjudged) : drafts;
}
