// Every document the repository cites is in the repository: a checker over source comments,
// P4 files and markdown. It flags paths that leave the project (the team folder beside the checkout, see OUTSIDE),
// `.md` names that resolve to no file (code must cite `docs/NAME.md`; markdown may link
// relative to itself), markdown links to missing files, source paths (`wire/udp-port.ts`)
// that name no file, and `§N` citations of a numbered section the document does not have.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface BadReference {
  readonly file: string;
  readonly line: number;
  readonly reference: string;
  readonly why: string;
}

const SCANNED = /\.(ts|md|p4|stf)$/;

/** Files to scan under `root` (node_modules, dist, build output and dot-folders skipped). */
export function scannedFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'dist' || e.name === 'build') continue;
    if (e.name === 'results' && dir === root) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...scannedFiles(root, p));
    else if (SCANNED.test(e.name)) out.push(p);
  }
  return out;
}

/** Paths that lead outside the project however they are spelled. */
const OUTSIDE = /(?:\.\.\/)+shared\b|\bshared\/spec\b|\/work\/shared\b/g;
/** A document name: letters, digits, dots, dashes and slashes ending in .md. */
const MD_NAME = /(?<![\w/.-])((?:\.{1,2}\/)*[\w-]+(?:\/[\w.-]+)*\.md)\b(?:\s*(?:`\s*)?§(\d+))?/g;
const MD_LINK = /\]\(([^)\s#]+)(?:#[^)]*)?\)/g;
/**
 * A repository source path in prose (`wire/udp-port.ts`, `p4/netmigrate.p4`); a .js name stands
 * for its .ts. Quoted strings are code's own paths (relative to dist/…), not citations.
 */
const SOURCE_PATH =
  /(?<![\w/.'"-])((?:contract|wire|compiler|runtime|kvserver|client|cluster|bin|bench|p4)\/[\w-]+(?:\/[\w.-]+)*\.(?:ts|js|p4))\b/g;

function sectionExists(doc: string, n: string): boolean {
  const text = readFileSync(doc, 'utf8');
  return new RegExp(`^#{1,4}\\s+${n}\\.\\s`, 'm').test(text);
}

/** Where `name` may live when `file` cites it: beside a markdown file, else from the root. */
function resolveDoc(root: string, file: string, name: string): string | undefined {
  const candidates = file.endsWith('.md') ? [resolve(dirname(file), name), resolve(root, name)] : [resolve(root, name)];
  return candidates.find((c) => c.startsWith(root) && existsSync(c));
}

/** `skip`: repository-relative files not checked (the checker and its test quote bad references). */
export function checkDocReferences(root: string, skip: readonly string[] = []): BadReference[] {
  const bad: BadReference[] = [];
  for (const file of scannedFiles(root)) {
    const rel = relative(root, file);
    if (skip.includes(rel)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      const seen = new Set<string>();
      const at = (reference: string, why: string) => {
        if (seen.has(`${reference}\n${why}`)) return;
        seen.add(`${reference}\n${why}`);
        bad.push({ file: rel, line: i + 1, reference, why });
      };
      for (const m of text.matchAll(OUTSIDE)) at(m[0], 'a path outside the repository');
      for (const m of text.matchAll(MD_NAME)) {
        const name = m[1] as string;
        const doc = resolveDoc(root, file, name);
        if (doc === undefined) {
          at(name, file.endsWith('.md') ? 'no such document' : 'no such document (cite docs/NAME.md)');
          continue;
        }
        const section = m[2];
        if (section !== undefined && !sectionExists(doc, section)) at(`${name} §${section}`, 'no such section');
      }
      for (const m of text.matchAll(SOURCE_PATH)) {
        const path = m[1] as string;
        if (!existsSync(join(root, path)) && !existsSync(join(root, path.replace(/\.js$/, '.ts'))))
          at(path, 'no such file in the repository');
      }
      if (file.endsWith('.md')) {
        for (const m of text.matchAll(MD_LINK)) {
          const target = m[1] as string;
          if (/^[a-z]+:/.test(target)) continue;
          if (!existsSync(resolve(dirname(file), target))) at(target, 'link to a missing file');
        }
      }
    });
  }
  return bad;
}
