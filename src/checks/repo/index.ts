// Checks of the repo stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import deployNoCi from './deploy.no-ci.js';
import deployNoHealthcheck from './deploy.no-healthcheck.js';
import deployNoRollbackPath from './deploy.no-rollback-path.js';
import deployNoScriptedDeploy from './deploy.no-scripted-deploy.js';
import depsKnownVulnerable from './deps.known-vulnerable.js';
import depsNoLockfile from './deps.no-lockfile.js';
import envDotenvInProduction from './env.dotenv-in-production.js';
import envNoStartupValidation from './env.no-startup-validation.js';
import envUndocumentedVar from './env.undocumented-var.js';
import loggingSecretsInLogs from './logging.secrets-in-logs.js';
import loggingSensitiveData from './logging.sensitive-data.js';
import secretsEnvFileCommitted from './secrets.env-file-committed.js';
import secretsEnvNotIgnored from './secrets.env-not-ignored.js';
import secretsHardcoded from './secrets.hardcoded.js';
import secretsInHistory from './secrets.in-history.js';

export const repoChecks: AnyCheck[] = [
  secretsHardcoded,
  secretsInHistory,
  secretsEnvFileCommitted,
  secretsEnvNotIgnored,
  envUndocumentedVar,
  envNoStartupValidation,
  envDotenvInProduction,
  deployNoCi,
  deployNoScriptedDeploy,
  deployNoRollbackPath,
  deployNoHealthcheck,
  depsNoLockfile,
  depsKnownVulnerable,
  loggingSensitiveData,
  loggingSecretsInLogs,
];
