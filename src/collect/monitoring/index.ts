// The monitoring collector: error tracking, uptime monitors and alert routes configured in the repository. Without a repo, only plan.monitor counts.
import { summarisePipelineYaml } from '../../analyze/ci-config.js';
import { CODE_EXTENSIONS } from '../../analyze/deploy-signals.js';
import { maskSecretsDeep } from '../../analyze/log-patterns.js';
import { manifestKind, summariseManifest } from '../../analyze/manifests.js';
import {
  cdnSdks,
  checklySignals,
  datadogSyntheticsSignals,
  type Ecosystem,
  gatusSignals,
  INIT_CONFIG_FILES,
  initialisations,
  type MonitoringConfigSignals,
  prometheusSignals,
  providerOfPackage,
  scheduledCheckSignals,
  terraformSignals,
  upptimeSignals,
  uptimeKumaSignals,
} from '../../analyze/monitoring-signals.js';
import type { MonitoringFacts } from '../../facts/monitoring.js';
import { defineCollector } from '../collector.js';
import { baseName, readRepoFile } from '../deploy/repo-files.js';
import { indexFor, isTestClass, type RepoIndex } from '../repo-index.js';

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_CODE_FILES = 3000;
const MAX_ITEMS = 200;

const ECOSYSTEM: Record<string, Ecosystem | undefined> = { npm: 'npm', pypi: 'pypi', gem: 'gem', go: 'go' };

function signalsFor(file: string, text: string): MonitoringConfigSignals | null {
  const base = baseName(file);
  if (base.endsWith('.tf')) return terraformSignals(text);
  if (base === '.upptimerc.yml') return upptimeSignals(text);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(file)) {
    const s = summarisePipelineYaml(text);
    return scheduledCheckSignals(s.commands, s.schedules);
  }
  if (/\.ya?ml$/.test(base)) {
    if (/^\s*endpoints\s*:/m.test(text) && /^\s*-?\s*url\s*:/m.test(text)) return gatusSignals(text);
    if (/_configs\s*:|probe_ssl_earliest_cert_expiry|probe_success|blackbox/.test(text)) return prometheusSignals(text);
    return null;
  }
  if (/\.(?:[cm]?[jt]s)$/.test(base) && /new\s+\w+(?:Check|Monitor|AlertChannel)\s*\(/.test(text) && /checkly/.test(text)) return checklySignals(text);
  if (base.endsWith('.json')) {
    if (/"monitorList"/.test(text)) {
      try {
        return uptimeKumaSignals(JSON.parse(text));
      } catch {
        return null;
      }
    }
    if (/synthetics/i.test(file)) return datadogSyntheticsSignals(text);
  }
  return null;
}

export async function collectMonitoring(repo: string | null, progress: (note: string) => void = () => {}, index?: RepoIndex): Promise<MonitoringFacts> {
  const facts: MonitoringFacts = { repo, filesScanned: 0, truncated: false, sdks: [], initialisations: [], uptimeMonitors: [], alertChannels: [], certificateWatches: [] };
  if (!repo) return facts;
  const listing = await indexFor(repo, index).appFiles();
  facts.filesScanned = listing.files.length;
  facts.truncated = listing.truncated;
  progress('looking for error tracking, uptime monitors and alert routes');
  let codeFiles = 0;
  for (const file of listing.files) {
    const base = baseName(file);
    const configInit = INIT_CONFIG_FILES[file] ?? (file.includes('/') ? undefined : INIT_CONFIG_FILES[base]);
    if (configInit) facts.initialisations.push({ provider: configInit, file, line: 1, text: base });
    const manifest = manifestKind(base);
    const testPath = isTestClass(listing.classOf(file));
    const isCode = CODE_EXTENSIONS.test(base) && !testPath;
    const isStartup = /^(?:Dockerfile(?:\..+)?|Procfile|package\.json|\.env\.example|docker-compose[\w.-]*\.ya?ml|compose[\w.-]*\.ya?ml)$/.test(base);
    const isHtml = /\.(?:html?|erb|ejs|hbs|njk|jinja2?|twig|liquid|vue|svelte|astro)$/.test(base) && !testPath;
    const isConfig = /\.(?:tf|ya?ml|json)$/.test(base) || base === '.upptimerc.yml';
    if (!manifest && !isCode && !isStartup && !isConfig && !isHtml) continue;
    if ((await listing.size(file)) > MAX_FILE_BYTES) continue;
    if (isCode && ++codeFiles > MAX_CODE_FILES) continue;
    const text = await readRepoFile(repo, file, MAX_FILE_BYTES);
    if (text === null || text.includes('\u0000')) continue;
    if (manifest) {
      const summary = summariseManifest(base, text);
      const eco = ECOSYSTEM[manifest.ecosystem];
      if (summary && eco)
        for (const dep of summary.dependencies) {
          const provider = providerOfPackage(eco, dep);
          if (provider && facts.sdks.length < MAX_ITEMS) facts.sdks.push({ provider, package: dep, manifest: file });
        }
    }
    if (isHtml) for (const cdn of cdnSdks(text)) facts.sdks.length < MAX_ITEMS && facts.sdks.push({ provider: cdn.provider, package: cdn.script.slice(0, 200), manifest: file });
    if (isCode || isStartup || isHtml) for (const hit of initialisations(text)) facts.initialisations.length < MAX_ITEMS && facts.initialisations.push({ ...hit, file });
    if (isConfig || isCode) {
      const signals = signalsFor(file, text);
      if (signals) {
        for (const m of signals.monitors) facts.uptimeMonitors.length < MAX_ITEMS && facts.uptimeMonitors.push({ ...m, file, targets: m.targets.slice(0, 50) });
        for (const a of signals.alerts) facts.alertChannels.length < MAX_ITEMS && facts.alertChannels.push({ ...a, file });
        for (const c of signals.certificateWatches) facts.certificateWatches.length < MAX_ITEMS && facts.certificateWatches.push({ ...c, file });
      }
    }
  }
  return maskSecretsDeep(facts);
}

export const monitoringCollector = defineCollector({
  source: 'monitoring',
  title: 'Monitoring evidence',
  readsRepo: true,
  stages: ['monitoring'],
  // The launchready monitor config alone is enough; the repo adds SDKs and provider configs.
  missingInput: () => null,
  collect: (run) => collectMonitoring(run.plan.repo, run.progress, run.plan.repo ? run.repoIndex?.() : undefined),
});
