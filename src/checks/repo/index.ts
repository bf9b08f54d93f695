// Checks of the repo stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import deployNoCi from './deploy.no-ci.js';
import deployNoHealthcheck from './deploy.no-healthcheck.js';
import deployNoRollbackPath from './deploy.no-rollback-path.js';
import deployNoScriptedDeploy from './deploy.no-scripted-deploy.js';

export const repoChecks: AnyCheck[] = [deployNoCi, deployNoScriptedDeploy, deployNoRollbackPath, deployNoHealthcheck];
