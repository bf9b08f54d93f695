// Facts produced by the deps collector: manifests and their lockfiles, locked packages, advisory matches and the locked packages.
import type { VulnerableDependency } from '../analyze/osv.js';

export interface ManifestEntry {
  file: string;
  kind: string;
  ecosystem: string;
  dependencies: number;
  /** The lockfile that pins it (a fully pinned requirements.txt pins itself), or null. */
  lockfile: string | null;
  error: string | null;
}

export interface LockfileEntry {
  file: string;
  kind: string;
  packages: number;
  error: string | null;
}

export interface AdvisoryDatabase {
  /** --advisories DIR (OSV JSON files) or an OSV API base URL (https://api.osv.dev); null when none was given. */
  dir: string | null;
  filesRead: number;
  /** Advisories that name a locked package. */
  advisoriesLoaded: number;
  unreadableFiles: number;
  truncated: boolean;
  error: string | null;
}

export interface ListedPackage {
  name: string;
  version: string;
  ecosystem: string;
  lockfile: string;
}

export interface DepsFacts {
  repo: string;
  filesScanned: number;
  truncated: boolean;
  manifests: ManifestEntry[];
  lockfiles: LockfileEntry[];
  packagesLocked: number;
  advisoryDatabase: AdvisoryDatabase;
  vulnerable: VulnerableDependency[];
  /** Locked packages, vulnerable ones first then by name, at most 2000 (absent in facts saved before it was recorded). */
  packages?: ListedPackage[];
  /** Locked packages left out of `packages` by the bound. */
  packagesOmitted?: number;
}
