// The layer rules of src/ (ARCHITECTURE.md): which directory may import which. Every import counts: `import`,
// `import type`, `export … from`, dynamic `import()` and `require`. Used by import-rules.test.ts; run directly to list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type Layer = 'checks' | 'collect' | 'cli' | 'report' | 'net' | 'analyze' | 'facts';

/** layer → layers it must not import. */
export const FORBIDDEN: Record<Layer, readonly Layer[]> = {
  checks: ['collect', 'cli', 'report', 'net'],
  collect: ['checks', 'report', 'cli'],
  report: ['collect', 'net'],
  analyze: ['collect', 'net', 'cli', 'report'],
  facts: ['collect', 'checks', 'report', 'cli', 'net'],
  cli: [],
  net: [],
};

export function layerOf(srcRoot: string, file: string): Layer | null {
  const rel = relative(srcRoot, file).split('\\').join('/');
  const [top = '', ...rest] = rel.split('/');
  return top in FORBIDDEN && rest.length > 0 ? (top as Layer) : null;
}

/** Every TypeScript source below dir (no declaration files). */
export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(?:ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier in a file with its 1-based line, whatever the import form. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): { spec: string; line: number }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: { spec: string; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec)) out.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')))
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal as ts.Expression);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export interface Violation {
  file: string;
  line: number;
  from: Layer;
  to: Layer;
  spec: string;
}

export function findViolations(srcRoot: string): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles(srcRoot).sort()) {
    const from = layerOf(srcRoot, file);
    if (!from) continue;
    for (const { spec, line } of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      const to = layerOf(srcRoot, target);
      if (to && to !== from && FORBIDDEN[from].includes(to)) out.push({ file: relative(resolve(srcRoot, '..'), file), line, from, to, spec });
    }
  }
  return out;
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.from} must not import ${v.to} ('${v.spec}')`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const found = findViolations(resolve(dirname(new URL(import.meta.url).pathname), '../../src'));
  for (const v of found) console.log(formatViolation(v));
  console.log(`${found.length} violation(s)`);
}
