// Facts produced by the deploy collector: CI pipelines, deploy methods, rollback paths and health checks, each with file:line.
import type { CiSystem, PipelineCommand } from '../analyze/ci-config.js';
import type { DeployKind } from '../analyze/deploy-signals.js';

export interface SourceLocation {
  file: string;
  line: number;
  /** The line (trimmed, bounded) for the handover document. */
  text: string;
}

export interface CiPipeline {
  system: CiSystem;
  file: string;
  builds: boolean;
  tests: boolean;
  deploys: boolean;
  /** The build/test/deploy commands that decided it (bounded). */
  evidence: PipelineCommand[];
  /** The YAML could not be fully read. */
  error: string | null;
}

export interface DeployMethod {
  kind: DeployKind;
  /** Platform or tool ("Fly.io", "GitHub Actions deploy job", "package.json deploy script"). */
  name: string;
  file: string;
  line: number;
  text: string;
}

export interface RollbackPath {
  kind: 'docs' | 'workflow-input' | 'command' | 'release-history';
  detail: string;
  file: string;
  line: number;
}

export interface HealthCheckDefinition {
  kind: 'route' | 'config';
  file: string;
  line: number;
  text: string;
}

/** A CI pipeline step that pushes a container image to a registry. */
export interface PublishedImage {
  file: string;
  line: number;
  text: string;
  /** Repositories pushed, expressions left in (`ghcr.io/${{ github.repository }}`); empty when only expressions name them. */
  images: string[];
}

export interface DeployFacts {
  repo: string;
  filesScanned: number;
  /** The walk stopped at a limit: absence of a signal is less certain. */
  truncated: boolean;
  ci: CiPipeline[];
  deploys: DeployMethod[];
  dockerfiles: string[];
  /** Images CI publishes (absent in facts saved before this field existed). */
  publishedImages?: PublishedImage[];
  rollback: RollbackPath[];
  healthChecks: HealthCheckDefinition[];
}
