// What an HTML page pulls in: meta CSP/referrer, subresource URLs (for mixed content) and same-origin static assets.
import { Parser } from 'htmlparser2';
import type { AssetKind, HtmlSummary, SubresourceKind } from '../facts/web.js';

const MAX_SUBRESOURCES = 500;
const MAX_ASSETS = 200;
const MAX_INLINE_SCRIPT_CHARS = 256 * 1024;
// XML namespaces and schema ids look like http:// URLs but are never fetched.
const NOT_FETCHED = /^http:\/\/(www\.)?(w3\.org|schema\.org|ogp\.me|purl\.org|xmlns\.com)\b/i;
const HTTP_URL_IN_TEXT = /["'`(]\s*(http:\/\/[^\s"'`)<>]{3,2000})/g;

const ACTIVE: ReadonlySet<SubresourceKind> = new Set(['script', 'stylesheet', 'iframe', 'form', 'object', 'fetch', 'font']);

export function assetKindOf(url: string): AssetKind | null {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return null;
  }
  if (/\.m?js$/.test(path)) return 'script';
  if (/\.css$/.test(path)) return 'style';
  if (/\.(woff2?|ttf|otf|eot)$/.test(path)) return 'font';
  if (/\.(png|jpe?g|gif|webp|avif|svg|ico)$/.test(path)) return 'image';
  return null;
}

/** app.3f9a1c2b.js, main-4QXK2ZJD.css, chunk.abcdef1234.woff2: a content hash of 8+ hex or base32/64-ish chars. */
export function isFingerprinted(url: string): boolean {
  let name: string;
  try {
    name = new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    return false;
  }
  return /[.\-_]([0-9a-f]{8,}|(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{8,})\.[a-z0-9]+$/.test(name) && !/[.\-_](min|bundle|vendor)\.[a-z0-9]+$/i.test(name);
}

function resolve(raw: string, base: string): string | null {
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Parse a page (already bounded in size) into the facts the web checks need. */
export function summariseHtml(html: string, pageUrl: string): HtmlSummary {
  const summary: HtmlSummary = { metaCsp: [], metaReferrer: null, subresources: [], assets: [], truncated: false };
  // a page URL that does not parse (never from the collector, but facts can be hand-written) has no same-origin assets
  const origin = URL.canParse(pageUrl) ? new URL(pageUrl).origin : null;
  const pageIsHttps = pageUrl.startsWith('https:');
  const seenAssets = new Set<string>();
  const add = (kind: SubresourceKind, raw: string | undefined) => {
    if (!raw) return;
    const url = resolve(raw, pageUrl);
    if (!url) return;
    if (summary.subresources.length >= MAX_SUBRESOURCES) {
      summary.truncated = true;
      return;
    }
    // Only explicit http:// URLs matter for mixed content; relative ones inherit the page scheme.
    if (pageIsHttps && url.startsWith('http:')) summary.subresources.push({ kind, url, active: ACTIVE.has(kind) });
    if (new URL(url).origin === origin && assetKindOf(url) && !seenAssets.has(url)) {
      if (seenAssets.size >= MAX_ASSETS) summary.truncated = true;
      else {
        seenAssets.add(url);
        summary.assets.push(url);
      }
    }
  };
  let inScript = false;
  let scriptIsInline = false;
  let scriptChars = 0;
  let scriptText = '';
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        switch (name) {
          case 'meta': {
            const equiv = (attribs['http-equiv'] ?? '').toLowerCase();
            if (equiv === 'content-security-policy' && attribs.content) summary.metaCsp.push(attribs.content);
            if ((attribs.name ?? '').toLowerCase() === 'referrer' && attribs.content) summary.metaReferrer = attribs.content;
            break;
          }
          case 'script':
            inScript = true;
            scriptIsInline = !attribs.src;
            scriptText = '';
            add('script', attribs.src);
            break;
          case 'link': {
            const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
            if (rel.includes('stylesheet')) add('stylesheet', attribs.href);
            else if (rel.includes('preload') || rel.includes('modulepreload'))
              add(attribs.as === 'font' ? 'font' : attribs.as === 'image' ? 'img' : attribs.as === 'style' ? 'stylesheet' : 'script', attribs.href);
            else if (rel.includes('icon') || rel.includes('apple-touch-icon')) add('img', attribs.href);
            break;
          }
          case 'iframe':
          case 'frame':
            add('iframe', attribs.src);
            break;
          case 'img':
            add('img', attribs.src);
            for (const candidate of (attribs.srcset ?? '').split(',')) add('img', candidate.trim().split(/\s+/)[0]);
            break;
          case 'source':
            add('media', attribs.src);
            break;
          case 'video':
          case 'audio':
          case 'track':
            add('media', attribs.src);
            if (name === 'video') add('img', attribs.poster);
            break;
          case 'form':
            add('form', attribs.action);
            break;
          case 'object':
            add('object', attribs.data);
            break;
          case 'embed':
            add('object', attribs.src);
            break;
        }
      },
      ontext(text) {
        if (inScript && scriptIsInline && scriptChars < MAX_INLINE_SCRIPT_CHARS) {
          const keep = text.slice(0, MAX_INLINE_SCRIPT_CHARS - scriptChars);
          scriptChars += keep.length;
          scriptText += keep;
        }
      },
      onclosetag(name) {
        if (name !== 'script') return;
        if (scriptIsInline) {
          for (const m of scriptText.matchAll(HTTP_URL_IN_TEXT)) {
            const url = m[1] as string;
            if (!NOT_FETCHED.test(url)) add('fetch', url);
          }
        }
        inScript = false;
        scriptText = '';
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return summary;
}
