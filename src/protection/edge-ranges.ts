// The published address ranges of edge networks, shipped as data (src/protection/edge-data/*.json) with source and date.

import { CidrSet } from './cidr.js';
import cloudflare from './edge-data/cloudflare.json' with { type: 'json' };
import cloudfront from './edge-data/cloudfront.json' with { type: 'json' };
import fastly from './edge-data/fastly.json' with { type: 'json' };
import vercel from './edge-data/vercel.json' with { type: 'json' };

export interface EdgeRangeData {
  provider: string;
  /** Where the provider publishes the list. */
  source: string[];
  /** Date of the copy the ranges were taken from (YYYY-MM-DD). */
  retrieved: string;
  /** How the copy was obtained. */
  copy: string;
  ranges: string[];
}

export interface EdgeRangeList extends EdgeRangeData {
  set: CidrSet;
}

function load(data: EdgeRangeData): EdgeRangeList {
  return { ...data, set: new CidrSet(data.ranges) };
}

/** Keyed by provider name as used in edge.ts. */
export const EDGE_RANGES: Readonly<Record<'Cloudflare' | 'Amazon CloudFront' | 'Fastly' | 'Vercel', EdgeRangeList>> = {
  Cloudflare: load(cloudflare),
  'Amazon CloudFront': load(cloudfront),
  Fastly: load(fastly),
  Vercel: load(vercel),
};
