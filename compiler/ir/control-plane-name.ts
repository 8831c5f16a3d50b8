// Control-plane names of IR objects (spec 18.3.3, p4c's hierarchical names): a table, action or
// extern instance is named by its `@name("x")` if it has one, else by its local name, under the
// enclosing parser or control (`SwitchIngress.x`); a leading `.` makes the name absolute.
// Inlining keeps the rule by rewriting the `@name` of what it moves (`nexthop_t.ecmp`).

import type * as Ir from './nodes.js';

/** The string an `@name` body spells (string literals, possibly joined by `++`), or undefined. */
export function nameAnnotationOf(annotations: readonly Ir.AnnotationInfo[] | undefined): string | undefined {
  const a = annotations?.find((x) => x.name === 'name');
  if (a === undefined) return undefined;
  const parts = [...a.body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
  return parts.length === 0 ? undefined : parts.join('');
}

/** The name as written: the `@name` value (a leading `.` kept) or the local name. */
export function writtenName(name: string, annotations: readonly Ir.AnnotationInfo[] | undefined): string {
  return nameAnnotationOf(annotations) ?? name;
}

/** The full control-plane name inside the block `path` ('' for top-level objects). */
export function controlPlaneName(
  name: string,
  annotations: readonly Ir.AnnotationInfo[] | undefined,
  path: string,
): string {
  const written = writtenName(name, annotations);
  if (written.startsWith('.')) return written.slice(1);
  return path === '' ? written : `${path}.${written}`;
}

/** `annotations` with `@name` set to `name` (added if missing). */
export function withNameAnnotation(
  annotations: readonly Ir.AnnotationInfo[] | undefined,
  name: string,
): Ir.AnnotationInfo[] {
  const body = JSON.stringify(name);
  const list = annotations ?? [];
  return list.some((a) => a.name === 'name')
    ? list.map((a) => (a.name === 'name' ? { name: 'name', body } : a))
    : [...list, { name: 'name', body }];
}

/**
 * The annotations of a local of the block instance `instance` once it is inlined into its
 * caller. Without any `@name` on either, the local's new name (`inst.local`) already is its
 * control-plane name and nothing changes; otherwise `@name` becomes the instance's written
 * name, a dot, and the local's (an absolute local name stays as it is).
 */
export function inlinedAnnotations(
  instance: { readonly name: string; readonly annotations?: readonly Ir.AnnotationInfo[] | undefined },
  local: { readonly name: string; readonly annotations?: readonly Ir.AnnotationInfo[] | undefined },
): readonly Ir.AnnotationInfo[] | undefined {
  const own = nameAnnotationOf(local.annotations);
  const outer = nameAnnotationOf(instance.annotations);
  if (own === undefined && outer === undefined) return local.annotations;
  const written = own ?? local.name;
  if (written.startsWith('.')) return local.annotations;
  return withNameAnnotation(local.annotations, `${outer ?? instance.name}.${written}`);
}
