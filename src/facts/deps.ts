// Facts produced by the deps collector: manifests and their lockfiles, locked packages, advisory matches and the inventory table.
import type { VulnerableDependency } from '../analyze/osv.js';
import type { InventoryTable } from '../report/inventory.js';

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

export interface DepsFacts {
  repo: string;
  filesScanned: number;
  truncated: boolean;
  manifests: ManifestEntry[];
  lockfiles: LockfileEntry[];
  packagesLocked: number;
  advisoryDatabase: AdvisoryDatabase;
  vulnerable: VulnerableDependency[];
  inventory: InventoryTable;
}
