// Finding and reading #include files: "x" looks beside the including file first, <x> only in
// the -I directories; both end with the project's own p4/include. Files are read once and kept,
// so a header included twenty times costs one read.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSourceFile, type SourceFile } from '../source/source-file.js';

export type ReadFile = (path: string) => string | undefined;

export function readFileFromDisk(filePath: string): string | undefined {
  try {
    return readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

let systemIncludeDirCache: string | null | undefined;

/**
 * The project's p4/include, found from this module's own location by walking up to the
 * directory that holds package.json (the code runs from dist/, so no fixed number of '..').
 */
export function systemIncludeDir(): string | undefined {
  if (systemIncludeDirCache !== undefined) return systemIncludeDirCache ?? undefined;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  systemIncludeDirCache = null;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      systemIncludeDirCache = path.join(dir, 'p4', 'include');
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return systemIncludeDirCache ?? undefined;
}

export interface IncludedFile {
  /** The path as found (search directory joined with the name): what diagnostics print. */
  readonly path: string;
  /** One key per file however it was reached: for #pragma once, guards and cycles. */
  readonly key: string;
  readonly file: SourceFile;
}

export class IncludeResolver {
  private readonly cache = new Map<string, SourceFile | null>();
  /** Files in the order they were first read. */
  readonly files: SourceFile[] = [];

  constructor(
    private readonly readFile: ReadFile,
    private readonly includeDirs: readonly string[],
    private readonly systemDir: string | undefined,
  ) {}

  static keyOf(filePath: string): string {
    return path.resolve(filePath);
  }

  /** Reads a file by path (cached); undefined if it cannot be read. */
  load(filePath: string, text?: string): IncludedFile | undefined {
    const key = IncludeResolver.keyOf(filePath);
    let file = this.cache.get(key);
    if (file === undefined) {
      const content = text ?? this.readFile(filePath);
      file = content === undefined ? null : createSourceFile(filePath, content);
      this.cache.set(key, file);
      if (file !== null) this.files.push(file);
    }
    return file === null ? undefined : { path: file.path, key, file };
  }

  /** The directories searched for a name, in order. */
  searchPath(angled: boolean, includer: string): string[] {
    const dirs = angled ? [] : [path.dirname(includer)];
    dirs.push(...this.includeDirs);
    if (this.systemDir !== undefined) dirs.push(this.systemDir);
    return dirs;
  }

  resolve(name: string, angled: boolean, includer: string): IncludedFile | { searched: string[] } {
    if (path.isAbsolute(name)) return this.load(name) ?? { searched: [] };
    const searched = this.searchPath(angled, includer);
    for (const dir of searched) {
      const found = this.load(dir === '.' ? name : path.join(dir, name));
      if (found !== undefined) return found;
    }
    return { searched };
  }
}
