// Every check of the registry over some facts: for collector and scenario tests that judge with the whole catalog.
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { type CheckRunOutput, runChecks } from '../../src/checks/run.ts';
import type { Facts } from '../../src/facts/index.ts';

export function runAllChecks(facts: Facts): CheckRunOutput {
  return runChecks(facts, CHECKS_BY_ID);
}
