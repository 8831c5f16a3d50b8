// Walking the corpus folder: P4 files in sorted order (symbolic links that dangle are skipped,
// as some p4c samples point elsewhere in p4c's tree).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `.p4` files directly in `dir`, sorted. */
export function p4FilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.p4') && existsSync(join(dir, f)))
    .sort()
    .map((f) => join(dir, f));
}

/** `.p4` files anywhere below `dir`, sorted by path. */
export function p4FilesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (!existsSync(p)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.p4')) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
