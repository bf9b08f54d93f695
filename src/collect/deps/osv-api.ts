// Online advisories from an OSV API (api.osv.dev or a mirror) when --advisories is an http(s) URL: querybatch, then each advisory by id. Bounded.
import type { LockedPackage } from '../../analyze/lockfiles.js';
import { isOsvAdvisory, type OsvAdvisory, osvEcosystem, packageKey } from '../../analyze/osv.js';
import type { AdvisoryDatabase } from '../../facts/deps.js';
import type { NetContext } from '../../net/context.js';
import { httpRequest, isHttpFailure } from '../../net/http.js';

const BATCH = 1000;
const MAX_QUERIES = 10_000;
const MAX_ADVISORIES = 1000;
const BATCH_BODY_BYTES = 8 * 1024 * 1024;
const ADVISORY_BODY_BYTES = 2 * 1024 * 1024;

export function isAdvisoryApi(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function queryOsvApi(net: NetContext, base: string, packages: LockedPackage[]): Promise<{ db: AdvisoryDatabase; advisories: Map<string, OsvAdvisory[]> }> {
  const db: AdvisoryDatabase = { dir: base, filesRead: 0, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: null };
  const advisories = new Map<string, OsvAdvisory[]>();
  const root = base.replace(/\/+$/, '');
  const unique = [...new Map(packages.map((p) => [`${p.ecosystem}\0${p.name}\0${p.version}`, p])).values()];
  if (unique.length > MAX_QUERIES) db.truncated = true;
  const queries = unique.slice(0, MAX_QUERIES);
  const ids = new Set<string>();
  for (let i = 0; i < queries.length; i += BATCH) {
    const batch = queries.slice(i, i + BATCH);
    const body = JSON.stringify({
      queries: batch.map((p) => ({ package: { name: p.name, ecosystem: p.ecosystem }, version: p.ecosystem === 'Go' ? p.version.replace(/^v/, '') : p.version })),
    });
    // httpRequest takes its own concurrency slot (nesting net.limit around it could deadlock the pool)
    const r = await httpRequest(net, { url: `${root}/v1/querybatch`, method: 'POST', headers: { 'content-type': 'application/json' }, body, maxBodyBytes: BATCH_BODY_BYTES });
    if (isHttpFailure(r) || r.status !== 200 || r.bodyTruncated) {
      db.error = `advisory API ${root} failed: ${isHttpFailure(r) ? r.error.message : r.bodyTruncated ? 'answer too large' : `HTTP ${r.status}`}`;
      return { db, advisories };
    }
    try {
      const parsed = JSON.parse(r.body) as { results?: { vulns?: { id?: unknown }[] }[] };
      for (const result of parsed.results ?? []) for (const v of result?.vulns ?? []) if (typeof v?.id === 'string' && /^[\w.:-]{1,100}$/.test(v.id)) ids.add(v.id);
    } catch {
      db.error = `advisory API ${root} answered something that is not JSON`;
      return { db, advisories };
    }
  }
  if (ids.size > MAX_ADVISORIES) db.truncated = true;
  const wanted = new Set(queries.map((p) => packageKey(p.ecosystem, p.name)));
  await Promise.all(
    [...ids].slice(0, MAX_ADVISORIES).map((id) =>
      (async () => {
        const r = await httpRequest(net, { url: `${root}/v1/vulns/${encodeURIComponent(id)}`, maxBodyBytes: ADVISORY_BODY_BYTES });
        db.filesRead++;
        let json: unknown = null;
        try {
          json = !isHttpFailure(r) && r.status === 200 ? JSON.parse(r.body) : null;
        } catch {}
        if (!isOsvAdvisory(json)) {
          db.unreadableFiles++;
          return;
        }
        let used = false;
        for (const a of json.affected ?? []) {
          const eco = osvEcosystem(a?.package?.ecosystem);
          const key = eco && typeof a.package?.name === 'string' ? packageKey(eco, a.package.name) : null;
          if (key && wanted.has(key) && !(advisories.get(key) ?? []).includes(json)) {
            advisories.set(key, [...(advisories.get(key) ?? []), json]);
            used = true;
          }
        }
        if (used) db.advisoriesLoaded++;
      })(),
    ),
  );
  return { db, advisories };
}
