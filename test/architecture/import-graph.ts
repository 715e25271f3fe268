import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The source tree as the layer rules see it (layers.test.ts): every
 * TypeScript file of src/ and pipelines/, what it imports (static, type-only,
 * re-exports and dynamic import() alike), and the few globals that matter to
 * a rule (the network, the terminal). Read with TypeScript's own parser, so
 * a comment or a string that merely mentions a module is never an import.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SourceFile {
  /** Repository-relative, `/`-separated: `src/extract/runner.ts`. */
  path: string;
  /** Repository-relative paths of the project files it imports. */
  files: string[];
  /** Packages it imports, by name: `p-queue`, `@duckdb/node-api`, `node:http`. */
  packages: string[];
  /** Where it uses the network or the terminal directly: `fetch`, `globalThis.fetch`, `console.log`, ... */
  globals: string[];
}

const NETWORK_GLOBALS = new Set(['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource']);

export function readTree(folders: readonly string[] = ['src', 'pipelines']): SourceFile[] {
  return folders.flatMap((folder) => walk(join(ROOT, folder))).map(readFile);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function repoPath(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join('/');
}

function readFile(absolute: string): SourceFile {
  const source = ts.createSourceFile(absolute, readFileSync(absolute, 'utf8'), ts.ScriptTarget.ES2023, true);
  const files = new Set<string>();
  const packages = new Set<string>();
  const globals = new Set<string>();
  const specifier = (node: ts.Node | undefined) => {
    if (node === undefined || !ts.isStringLiteralLike(node)) return;
    const text = node.text;
    if (text.startsWith('.')) files.add(repoPath(resolve(dirname(absolute), text)));
    else packages.add(packageName(text));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier(node.moduleSpecifier);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      specifier(node.arguments[0]);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier(node.argument.literal);
    if (ts.isIdentifier(node) && NETWORK_GLOBALS.has(node.text) && isValueReference(node))
      globals.add(node.text);
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const owner = node.expression.text;
      const name = node.name.text;
      if (owner === 'globalThis' && NETWORK_GLOBALS.has(name)) globals.add(`globalThis.${name}`);
      if (owner === 'console') globals.add(`console.${name}`);
      if (owner === 'process' && (name === 'stdout' || name === 'stderr')) globals.add(`process.${name}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { path: repoPath(absolute), files: [...files], packages: [...packages], globals: [...globals] };
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`; `node:x` stays. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * An identifier that refers to a global value: not a property name
 * (`options.fetch`, `{ fetch: ... }`), not a declaration's own name, and
 * not in a type (`typeof fetch` in a type annotation names the type only).
 */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === node
  ) {
    return false;
  }
  for (let up: ts.Node | undefined = parent; up !== undefined; up = up.parent) {
    if (ts.isTypeNode(up)) return false;
  }
  return true;
}

/** The import circles among `files`: each a set of files that reach one another, as in Tarjan's algorithm. */
export function circles(files: readonly SourceFile[]): string[][] {
  const edges = new Map(files.map((f) => [f.path, f.files.filter((to) => to !== f.path)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!edges.has(to)) continue;
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of edges.keys()) if (!index.has(file)) connect(file);
  return found;
}
