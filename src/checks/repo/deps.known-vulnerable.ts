import { cannotRun, defineCheck, inputMissing, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'deps.known-vulnerable',
    title: 'No locked dependency version has a known advisory',
    failureTitle: 'A locked dependency version has a known vulnerability',
    requires: ['deps'],
    fix: 'Upgrade the package to the fixed version named in the advisory, regenerate the lockfile and redeploy.',
    docs: {
      why: 'Launch traffic brings scanners and bots along with users: a dependency with a published advisory is the first thing automated attacks try. Checking the exact locked versions against an OSV advisory database shows which ones are affected and which release fixes them.',
      fix: 'Upgrade to the fixed version from the finding (`npm install pkg@1.2.4`, `poetry add pkg@^1.2.4`, `bundle update pkg`, `go get mod@v1.2.4`), commit the lockfile and redeploy. Critical and high advisories first. Pass `--advisories DIR` with OSV JSON files (e.g. an unzipped https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip), or `--advisories https://api.osv.dev` to query the OSV API; without either the check does not run.',
      references: ['https://ossf.github.io/osv-schema/', 'https://osv.dev/'],
    },
  },
  ({ deps }) => {
    const db = deps.advisoryDatabase;
    if (!db.dir) return inputMissing('no advisory database: pass --advisories DIR (OSV files) or --advisories https://api.osv.dev');
    if (db.error) return cannotRun(db.error);
    if (deps.packagesLocked === 0) return notApplicable('no lockfile with package versions to check');
    return deps.vulnerable.map((v) => ({
      target: `${v.lockfile} ${v.package}@${v.version}`,
      key: v.advisory,
      severity: v.severity,
      title: `${v.package} ${v.version} is affected by ${v.advisory}${v.summary ? `: ${v.summary}` : ''}`,
      evidence: {
        package: v.package,
        version: v.version,
        ecosystem: v.ecosystem,
        advisory: v.advisory,
        aliases: v.aliases,
        fixedVersion: v.fixed,
        severitySource: v.severitySource,
        lockfile: v.lockfile,
      },
      fix: v.fixed
        ? `Upgrade ${v.package} to ${v.fixed} or later and regenerate ${v.lockfile}.`
        : `No fixed version of ${v.package} is published for ${v.advisory}: replace it or mitigate as the advisory says.`,
    }));
  },
);
