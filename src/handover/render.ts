// Renders the handover document: markdown (default, HANDOVER.md) or one self-contained html file.
// Escaping is the report's own (mdText/mdCode, esc): every string here may come from a hostile repo or server.
import { createHash } from 'node:crypto';
import { esc } from '../report/formats/html.js';
import { mdCode, mdText } from '../report/formats/markdown.js';
import type { Block, HandoverDoc, Text } from './model.js';

const CELL_MAX = 300;
const TEXT_MAX = 2000;

function mdInline(text: Text, max = TEXT_MAX): string {
  return text.map((p) => (typeof p === 'string' ? (p.trim() === '' ? p : keepEdges(p, mdText(p, max))) : mdCode(p.code))).join('');
}

/** mdText trims; keep the single spaces that join parts ("run `x` and"). */
function keepEdges(raw: string, escaped: string): string {
  return `${/^\s/.test(raw) ? ' ' : ''}${escaped}${/\s$/.test(raw) ? ' ' : ''}`;
}

function mdBlock(block: Block): string[] {
  switch (block.kind) {
    case 'p':
      return [mdInline(block.text), ''];
    case 'list':
      return [...block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${mdInline(item)}`), ''];
    case 'table': {
      const lines = [`| ${block.columns.map((c) => mdText(c, 80)).join(' | ')} |`, `|${block.columns.map(() => ' --- |').join('')}`];
      for (const row of block.rows) lines.push(`| ${block.columns.map((_c, i) => mdText(row[i] ?? '', CELL_MAX) || ' ').join(' | ')} |`);
      if (block.omitted) lines.push('', `_${block.omitted} more rows left out._`);
      return [...lines, ''];
    }
  }
}

export function renderHandoverMarkdown(doc: HandoverDoc): string {
  const lines: string[] = [`# ${mdText(doc.title, 200)}`, ''];
  for (const line of doc.intro) lines.push(mdInline(line), '');
  lines.push('## Contents', '');
  doc.sections.forEach((s, i) => {
    lines.push(`${i + 1}. [${mdText(s.title, 120)}](#${s.id})${s.measured ? '' : ' (not measured)'}`);
  });
  lines.push('');
  doc.sections.forEach((s, i) => {
    lines.push(`<a id="${s.id}"></a>`, '', `## ${i + 1}. ${mdText(s.title, 120)}`, '', `_Source: ${mdInline(s.source)}_`, '');
    for (const block of s.blocks) lines.push(...mdBlock(block));
  });
  lines.push('---', '', mdInline(doc.footer));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function htmlInline(text: Text): string {
  return text.map((p) => (typeof p === 'string' ? esc(p) : `<code>${esc(p.code)}</code>`)).join('');
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p>${htmlInline(block.text)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${htmlInline(item)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const head = `<thead><tr>${block.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`;
      const body = block.rows.map((row) => `<tr>${block.columns.map((_c, i) => `<td>${esc(row[i] ?? '')}</td>`).join('')}</tr>`).join('');
      const more = block.omitted ? `<p class="more">${esc(`${block.omitted} more rows left out.`)}</p>` : '';
      return `<div class="scroll"><table>${head}<tbody>${body}</tbody></table></div>${more}`;
    }
  }
}

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--warn:#9a3412}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;--warn:#fb923c}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
.source{color:var(--muted);font-style:italic}.unmeasured h2::after{content:" (not measured)";color:var(--warn);font-weight:normal;font-size:.9rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top;word-break:break-word}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace}.more,footer{color:var(--muted)}
@media print{body{max-width:none}.scroll{overflow:visible}h2{break-after:avoid}table{break-inside:auto}}
`.trim();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function renderHandoverHtml(doc: HandoverDoc): string {
  const toc = doc.sections.map((s, i) => `<li><a href="#${esc(s.id)}">${esc(`${i + 1}. ${s.title}`)}</a>${s.measured ? '' : ' <em>(not measured)</em>'}</li>`).join('');
  const sections = doc.sections
    .map(
      (s, i) =>
        `<section id="${esc(s.id)}"${s.measured ? '' : ' class="unmeasured"'}><h2>${esc(`${i + 1}. ${s.title}`)}</h2><p class="source">Source: ${htmlInline(s.source)}</p>${s.blocks.map(htmlBlock).join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${sha256(CSS)}; img-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(doc.title)}</h1>${doc.intro.map((l) => `<p>${htmlInline(l)}</p>`).join('')}</header>
<nav><h2>Contents</h2><ul>${toc}</ul></nav>
<main>
${sections}
</main>
<footer><p>${htmlInline(doc.footer)}</p></footer>
</body>
</html>
`;
}
