// Headroom: a stepped open-model ramp from the expected peak, x factor per step up to maxRps, stopping at the first
// step whose p95 passes the budget or whose errors pass 1%; that step's offered rate is the breaking rate.
import {
  type ClientRefusals,
  DEFAULT_MAX_REQUESTS,
  defaultBudgetMs,
  isLoadRunFailure,
  type LoadRunFailure,
  type LoadRunOptions,
  type LoadRunResult,
  runLoad,
  type StopReason,
} from './engine.js';

export interface RampOptions extends Omit<LoadRunOptions, 'model' | 'durationMs' | 'maxRequests'> {
  startRps: number;
  /** Default 2. */
  factor?: number;
  maxRps: number;
  stepDurationMs: number;
  /** Requests for the whole ramp, every step's warm-up included (default 20,000). */
  maxRequests?: number;
  /** A step breaks above this error percentage (default 1). */
  errorLimitPct?: number;
  /** Offered rates to step through instead of the startRps x factor series (the load stage adds exactly 10x the peak). */
  rates?: number[];
}

export interface RampStep {
  offeredRps: number;
  rps: number;
  requests: number;
  /** Everything sent in the step, warm-up included. */
  sent: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errorsPct: number;
  /** How late the load generator sent its most delayed request (see LoadRunResult). */
  generatorLagMs: number;
  /** As in LoadRunResult: whether the step's failures were refusals (4xx) rather than the load. */
  refusals: ClientRefusals;
  stoppedBy: StopReason;
  broken: 'p95-over-budget' | 'errors' | null;
}

export interface RampResult {
  breakingRps: number | null;
  steps: RampStep[];
  /** broken: found the breaking rate; max-rps: held up to the ceiling; max-requests / aborted: ran out before either. */
  endedBy: 'broken' | 'max-rps' | 'max-requests' | 'aborted';
}

/** Offered rates: start, start x factor, ... and maxRps itself as the last step when the series jumps past it. */
export function rampRates(startRps: number, factor: number, maxRps: number): number[] {
  if (!(startRps > 0) || !(maxRps > 0) || !(factor > 1)) throw new Error('ramp needs startRps > 0, maxRps > 0 and factor > 1');
  const rates: number[] = [];
  for (let rate = startRps; rate <= maxRps && rates.length < 64; rate *= factor) rates.push(Math.round(rate * 100) / 100);
  if (rates.length === 0 || (rates.at(-1) as number) < maxRps) rates.push(maxRps);
  return rates;
}

/**
 * One measured step and whether it broke (p95 over budget, or errors over the limit). A closed-model run offers no rate:
 * `offeredFallback` stands in for it (the ramp's open steps always have one).
 */
export function stepOf(run: LoadRunResult, budgetMs: number, errorLimitPct: number, offeredFallback = 0): RampStep {
  const broken = run.errorsPct > errorLimitPct || run.p95Ms === null ? 'errors' : run.p95Ms > budgetMs ? 'p95-over-budget' : null;
  return {
    offeredRps: run.offeredRps ?? offeredFallback,
    rps: run.rps,
    requests: run.requests,
    sent: run.sent,
    p50Ms: run.p50Ms,
    p95Ms: run.p95Ms,
    p99Ms: run.p99Ms,
    errorsPct: run.errorsPct,
    generatorLagMs: run.generatorLagMs,
    refusals: run.refusals,
    stoppedBy: run.stoppedBy,
    broken,
  };
}

export async function runRamp(options: RampOptions): Promise<RampResult | LoadRunFailure> {
  const budgetMs = options.route.budgetMs ?? defaultBudgetMs(options.route.kind);
  const errorLimitPct = options.errorLimitPct ?? 1;
  let remaining = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const steps: RampStep[] = [];
  for (const rate of options.rates ?? rampRates(options.startRps, options.factor ?? 2, options.maxRps)) {
    if (remaining <= 0) return { breakingRps: null, steps, endedBy: 'max-requests' };
    const run = await runLoad({ ...options, model: { type: 'open', rps: rate }, durationMs: options.stepDurationMs, maxRequests: remaining });
    if (isLoadRunFailure(run)) return run;
    remaining -= run.sent;
    const step = stepOf(run, budgetMs, errorLimitPct);
    steps.push(step);
    if (step.broken) return { breakingRps: rate, steps, endedBy: 'broken' };
    if (run.stoppedBy === 'aborted') return { breakingRps: null, steps, endedBy: 'aborted' };
    if (run.stoppedBy === 'max-requests') return { breakingRps: null, steps, endedBy: 'max-requests' };
  }
  return { breakingRps: null, steps, endedBy: 'max-rps' };
}
