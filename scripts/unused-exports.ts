// Lint: every exported value (function, const, class) of src/ is imported somewhere (src, test, bench, scripts or bin). An export nobody imports is dead
// code, or should lose its `export`. Uses the TypeScript compiler API (no extra dependency). Paths in
// scripts/unused-exports-allow.txt are skipped (see the comments there). Exits 1 listing file:line name.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Modules used from outside TypeScript: their exports are entry points. */
const ENTRY_POINTS = ['src/cli/main.ts'];

function allowlist(): string[] {
  const text = readFileSync(join(root, 'scripts/unused-exports-allow.txt'), 'utf8');
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export function unusedExports(): { file: string; line: number; name: string }[] {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const used = new Set<ts.Symbol>();
  const wholeModules = new Set<ts.Symbol>();
  const resolveAlias = (s: ts.Symbol | undefined) => (s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const moduleOf = (spec: ts.Expression | undefined) => (spec ? checker.getSymbolAtLocation(spec) : undefined);

  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const mod = moduleOf(node.moduleSpecifier);
        if (clause?.name && mod) {
          const def = checker.getExportsOfModule(mod).find((e) => e.escapedName === 'default');
          if (def) used.add(resolveAlias(def) as ts.Symbol);
        }
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings) && mod) wholeModules.add(mod);
        if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) used.add(resolveAlias(checker.getSymbolAtLocation(el.name)) as ts.Symbol);
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        const mod = moduleOf(node.moduleSpecifier);
        if (!node.exportClause && mod) wholeModules.add(mod);
        else if (node.exportClause && ts.isNamedExports(node.exportClause))
          for (const el of node.exportClause.elements) used.add(resolveAlias(checker.getSymbolAtLocation(el.name)) as ts.Symbol);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const mod = moduleOf(node.arguments[0]);
        if (mod) wholeModules.add(mod);
      } else if (ts.isImportTypeNode(node)) {
        const mod = ts.isLiteralTypeNode(node.argument) ? moduleOf(node.argument.literal as ts.Expression) : undefined;
        if (mod) wholeModules.add(mod);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  const skip = allowlist();
  const out: { file: string; line: number; name: string }[] = [];
  for (const sf of program.getSourceFiles()) {
    const rel = relative(root, sf.fileName);
    if (!rel.startsWith('src/') || ENTRY_POINTS.includes(rel) || skip.some((p) => rel === p || rel.startsWith(p.endsWith('/') ? p : `${p}/`))) continue;
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod || wholeModules.has(mod)) continue;
    for (const exp of checker.getExportsOfModule(mod)) {
      const target = resolveAlias(exp) as ts.Symbol;
      if (used.has(target) || used.has(exp)) continue;
      // types and interfaces name the shapes of exported functions: only values (functions, consts, classes) count
      if (!(target.flags & ts.SymbolFlags.Value)) continue;
      const decl = exp.declarations?.[0];
      const line = decl ? decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1 : 0;
      out.push({ file: rel, line, name: exp.name });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

const found = unusedExports();
for (const u of found) console.error(`${u.file}:${u.line}: export ${u.name} is imported nowhere (drop it, or drop the export)`);
if (found.length > 0) {
  console.error(`unused-exports: ${found.length} unused export(s)`);
  process.exit(1);
}
console.error('unused-exports: every export of src/ is imported');
