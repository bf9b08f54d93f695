// Secrets belong to one run: no module of src/ may hold a Redactor at module level (a process-wide redactor lets one
// in-process run see another's secrets), and mask.ts exports no variable at all, only maskSecret and the class.
// Used by redactor-scope.test.ts; run directly to list.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './import-rules.ts';

export interface ScopeViolation {
  file: string;
  line: number;
  problem: string;
}

const mentionsRedactor = (node: ts.Node | undefined, sf: ts.SourceFile) => node !== undefined && /\bRedactor\b/.test(node.getText(sf));

/** Module-level Redactors (created, or declared to hold one) in one file; for mask.ts also any module-level variable. */
export function redactorScopeViolations(file: string, text = readFileSync(file, 'utf8'), isMaskModule = false): { line: number; problem: string }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: { line: number; problem: string }[] = [];
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node, perCall: boolean): void => {
    // inside a function (parameters and defaults included) or an instance field, a Redactor is per call or per object
    const inner = perCall || ts.isFunctionLike(node) || (ts.isPropertyDeclaration(node) && !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword));
    if (!inner) {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Redactor')
        out.push({ line: at(node), problem: 'a Redactor created at module level is shared by every run in the process: create it per run and pass it' });
      if (ts.isVariableDeclaration(node) && mentionsRedactor(node.type, sf))
        out.push({ line: at(node), problem: `module-level variable ${node.name.getText(sf)} holds a Redactor: pass the run's redactor as a parameter instead` });
      if (ts.isPropertyDeclaration(node) && mentionsRedactor(node.type, sf))
        out.push({ line: at(node), problem: `static ${node.name.getText(sf)} holds a Redactor for the whole process: pass the run's redactor instead` });
    }
    if (isMaskModule && !inner && ts.isVariableStatement(node))
      out.push({ line: at(node), problem: 'mask.ts declares a module-level variable: it exports maskSecret and the Redactor class only, never an instance or registry' });
    if (isMaskModule && ts.isExportAssignment(node)) out.push({ line: at(node), problem: 'mask.ts has a default export: it exports maskSecret and the Redactor class only' });
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, false);
  return out;
}

export function findScopeViolations(srcRoot: string): ScopeViolation[] {
  const out: ScopeViolation[] = [];
  const mask = resolve(srcRoot, 'mask.ts');
  for (const file of sourceFiles(srcRoot).sort()) {
    for (const v of redactorScopeViolations(file, undefined, resolve(file) === mask)) out.push({ file: relative(resolve(srcRoot, '..'), file), ...v });
  }
  return out;
}

export function formatScopeViolation(v: ScopeViolation): string {
  return `${v.file}:${v.line}: ${v.problem}`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const found = findScopeViolations(resolve(dirname(new URL(import.meta.url).pathname), '../../src'));
  for (const v of found) console.log(formatScopeViolation(v));
  console.log(`${found.length} violation(s)`);
}
