// The declared module graph (the table in docs/architecture.md, "Module graph") and a checker
// that walks every TypeScript source under a root and reports each import crossing from one
// top-level folder into another that the table does not allow. Type-only imports count: a
// layer that needs another's types depends on it. The test runs it on the repository and on
// throwaway fixture trees (so a forbidden import is shown to fail).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folder → the other top-level folders its sources may import. */
export type ModuleGraph = ReadonlyMap<string, ReadonlySet<string>>;

export interface Violation {
  /** Repository-relative path of the importing file. */
  readonly file: string;
  readonly specifier: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Reads the module graph from a markdown table whose first column is a folder in backquotes
 * (`wire/`) and whose second lists the folders it may import, in backquotes ("—" for none).
 * Only the table under the heading `heading` is read.
 */
export function parseModuleGraph(markdown: string, heading = 'Module graph'): ModuleGraph {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+\s/.test(l) && l.replace(/^#+\s*/, '').trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" heading`);
  const graph = new Map<string, Set<string>>();
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^#+\s/.test(line)) break;
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1);
    const folder = /^\s*`([a-z0-9-]+)\/`\s*$/.exec(cells[0] ?? '')?.[1];
    if (folder === undefined) continue;
    const allowed = new Set([...(cells[1] ?? '').matchAll(/`([a-z0-9-]+)\/`/g)].map((m) => m[1] as string));
    graph.set(folder, allowed);
  }
  if (graph.size === 0) throw new Error(`the "${heading}" section has no table rows`);
  return graph;
}

/** Folders of generated, git-ignored output: `build/` (compiled pipelines, with their .d.ts), `results/`. */
const GENERATED = new Set(['node_modules', 'dist', 'build', 'results']);

/** Every .ts file under `dir`, skipping generated folders and dot-folders. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || GENERATED.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers of one file: static imports and re-exports (type-only too) and import(). */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const staticRe = /^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(staticRe)) out.push((m[1] ?? m[2]) as string);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  return out;
}

const topFolder = (relPath: string): string => relPath.split(sep)[0] as string;

/** The imports under `root` that cross between top-level folders against `graph`. */
export function checkModuleGraph(root: string, graph: ModuleGraph): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    const rel = relative(root, file);
    const from = topFolder(rel);
    if (!rel.includes(sep)) {
      violations.push({ file: rel, specifier: '(file)', from: '.', to: '.' });
      continue;
    }
    const allowed = graph.get(from);
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(dirname(file), spec));
      const to = topFolder(target);
      if (to === from) continue;
      if (allowed === undefined || !allowed.has(to)) violations.push({ file: rel, specifier: spec, from, to });
    }
  }
  return violations;
}

/** Every package the files reachable from `entry` import (with the reachable files). */
export function packageClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (files.has(f)) continue;
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    files.add(f);
    // Type-only imports vanish from the built module: a user's bundle never loads them.
    const valueText = text.replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '');
    for (const spec of importSpecifiers(valueText)) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(f), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  }
  return { files, packages };
}
