// Reads package manifests (package.json, requirements.txt, pyproject.toml, Pipfile, Gemfile, go.mod, Cargo.toml, composer.json): declared dependency names.

export type ManifestEcosystem = 'npm' | 'pypi' | 'gem' | 'go' | 'cargo' | 'composer';

export interface ManifestSummary {
  kind: string;
  ecosystem: ManifestEcosystem;
  /** Declared dependency names (bounded). */
  dependencies: string[];
  /** requirements.txt: every requirement pinned with == (a pinned requirements file is its own lockfile). */
  allPinned: boolean;
  error: string | null;
}

const MAX_DEPS = 2000;

/** PEP 503 normalised name: lowercase, runs of -_. become -. */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function manifestKind(base: string): { kind: string; ecosystem: ManifestEcosystem } | null {
  if (base === 'package.json') return { kind: 'package.json', ecosystem: 'npm' };
  if (/^requirements(?:[-_.][\w.-]*)?\.(?:txt|in)$/.test(base)) return { kind: 'requirements.txt', ecosystem: 'pypi' };
  if (base === 'pyproject.toml') return { kind: 'pyproject.toml', ecosystem: 'pypi' };
  if (base === 'Pipfile') return { kind: 'Pipfile', ecosystem: 'pypi' };
  if (base === 'Gemfile') return { kind: 'Gemfile', ecosystem: 'gem' };
  if (base === 'go.mod') return { kind: 'go.mod', ecosystem: 'go' };
  if (base === 'Cargo.toml') return { kind: 'Cargo.toml', ecosystem: 'cargo' };
  if (base === 'composer.json') return { kind: 'composer.json', ecosystem: 'composer' };
  return null;
}

/** Lines of one [section] of a TOML file (naive: good for manifests, not a TOML parser). */
function tomlSection(text: string, header: RegExp): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    const h = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (h) {
      inside = header.test(h[1]?.trim() ?? '');
      continue;
    }
    if (inside) out.push(line);
  }
  return out;
}

function requirementName(spec: string): string | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  return m?.[1] ? normalisePypiName(m[1]) : null;
}

export function summariseManifest(base: string, text: string): ManifestSummary | null {
  const kind = manifestKind(base);
  if (!kind) return null;
  const summary: ManifestSummary = { ...kind, dependencies: [], allPinned: false, error: null };
  const add = (name: string | null | undefined) => name && summary.dependencies.length < MAX_DEPS && !summary.dependencies.includes(name) && summary.dependencies.push(name);
  try {
    switch (kind.kind) {
      case 'package.json':
      case 'composer.json': {
        const json = JSON.parse(text) as Record<string, unknown>;
        const fields = kind.kind === 'package.json' ? ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] : ['require', 'require-dev'];
        for (const f of fields) {
          const deps = json?.[f];
          if (deps && typeof deps === 'object' && !Array.isArray(deps))
            for (const name of Object.keys(deps)) if (!(kind.kind === 'composer.json' && !name.includes('/'))) add(name);
        }
        break;
      }
      case 'requirements.txt': {
        let pinned = 0;
        let total = 0;
        for (const raw of text.split('\n')) {
          const line = raw.replace(/\s+#.*$/, '').trim();
          if (!line || line.startsWith('#') || line.startsWith('-')) continue;
          total++;
          add(requirementName(line));
          if (/^[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?\s*===?\s*[^\s,;*]+\s*(?:;.*)?(?:\\?\s*--hash.*)?$/.test(line) || line.includes('@ ')) pinned++;
        }
        summary.allPinned = total > 0 && pinned === total;
        break;
      }
      case 'pyproject.toml': {
        const pep621 = /^\s*dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(text)?.[1] ?? '';
        for (const m of pep621.matchAll(/["']([^"']+)["']/g)) add(requirementName(m[1] ?? ''));
        for (const line of tomlSection(text, /^tool\.poetry\.(?:dependencies|(?:group\.[\w-]+\.)?dev-dependencies|group\.[\w-]+\.dependencies)$/)) {
          const m = /^\s*([A-Za-z0-9][\w.-]*)\s*=/.exec(line);
          if (m?.[1] && m[1].toLowerCase() !== 'python') add(normalisePypiName(m[1]));
        }
        break;
      }
      case 'Pipfile':
        for (const line of [...tomlSection(text, /^packages$/), ...tomlSection(text, /^dev-packages$/)]) {
          const m = /^\s*["']?([A-Za-z0-9][\w.-]*)["']?\s*=/.exec(line);
          if (m?.[1]) add(normalisePypiName(m[1]));
        }
        break;
      case 'Gemfile':
        for (const m of text.matchAll(/^\s*gem\s+['"]([\w.-]+)['"]/gm)) add(m[1]);
        break;
      case 'go.mod': {
        for (const m of text.matchAll(/^\s*require\s+([^\s(]+)\s+v\S+/gm)) add(m[1]);
        for (const block of text.matchAll(/^\s*require\s*\(([\s\S]*?)^\s*\)/gm)) for (const m of (block[1] ?? '').matchAll(/^\s*([^\s/]+\/\S+|\S+\.\S+)\s+v\S+/gm)) add(m[1]);
        break;
      }
      case 'Cargo.toml':
        for (const line of tomlSection(text, /^(?:workspace\.)?(?:dev-|build-)?dependencies$|^target\..*dependencies$/)) {
          const m = /^\s*([A-Za-z0-9][\w-]*)\s*=/.exec(line);
          if (m?.[1]) add(m[1]);
        }
        break;
    }
  } catch (error) {
    summary.error =
      String((error as Error).message)
        .split('\n')[0]
        ?.slice(0, 200) ?? 'unreadable manifest';
  }
  return summary;
}
