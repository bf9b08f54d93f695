// One misconfiguration, one finding: sightings of the same check with the same cause (and so the same fix) on one host
// become a single finding that lists where it was seen, so "5 blockers" counts problems, not routes.
import type { FindingDraft } from '../types.js';

export interface Sighting<T> {
  /** Where it was seen: a URL, whose host (with a non-default port) groups the sightings. */
  url: string;
  /** How the place is listed: "GET /api/orders" or a path. */
  place: string;
  /** Sightings with different causes need different fixes and stay apart ("" when the check has one cause). */
  cause: string;
  data: T;
}

export interface SightingGroup<T> {
  host: string;
  cause: string;
  places: string[];
  sightings: Sighting<T>[];
}

const MAX_PLACES = 20;

function hostWithPort(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/** "GET /a, GET /b and 3 more" */
export function placeList(places: string[], shown = 3): string {
  const head = places.slice(0, shown).join(', ');
  return places.length > shown ? `${head} and ${places.length - shown} more` : head;
}

/**
 * Group sightings per (host, cause) in first-seen order. The finding's target is the host and its key the cause, so the
 * fingerprint (id + host + cause) stays the same when a route is added or fixed.
 */
export function groupSightings<T>(sightings: Sighting<T>[], draft: (group: SightingGroup<T>) => Omit<FindingDraft, 'target' | 'key'>): FindingDraft[] {
  const groups = new Map<string, SightingGroup<T>>();
  for (const s of sightings) {
    const host = hostWithPort(s.url);
    const id = `${host}\0${s.cause}`;
    const group = groups.get(id) ?? { host, cause: s.cause, places: [], sightings: [] };
    if (!group.places.includes(s.place)) group.places.push(s.place);
    group.sightings.push(s);
    groups.set(id, group);
  }
  return [...groups.values()].map((g) => {
    const made = draft({ ...g, places: g.places.slice(0, MAX_PLACES) });
    return { ...made, target: g.host, key: g.cause || undefined, evidence: { ...made.evidence, count: g.places.length } };
  });
}

/** Path and query of a URL, for listing pages on one host. */
export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
