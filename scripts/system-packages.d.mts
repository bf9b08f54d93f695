// Types of system-packages.mjs for the tests that import it.
import type { spawnSync } from 'node:child_process';

export interface SystemPackage {
  binary: string;
  pkg: string;
  why: string;
}
export const SYSTEM_PACKAGES: SystemPackage[];
export const APT_LOCK_TIMEOUT_S: number;
export const POLICY_RC_D: string;
export const DENY_ALL_POLICY: string;
export function missingPackages(): SystemPackage[];
export function aptCommands(pkgs: string[]): [string, string[]][];
export function manualCommand(pkgs: string[]): string;
export function withServiceStartsDenied<T>(fn: () => T, policyPath?: string): T;
export function ensureSystemPackages(options?: {
  log?: (line: string) => void;
  run?: (cmd: string, args: string[], options: Parameters<typeof spawnSync>[2]) => { status: number | null };
  policyPath?: string;
  isRoot?: boolean;
  findMissing?: () => SystemPackage[];
}): SystemPackage[];
