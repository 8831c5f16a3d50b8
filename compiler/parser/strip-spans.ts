// A copy of an AST without positions, for comparing trees that came from different texts
// (parse(print(ast)) against ast). Annotation tokens keep only their text.

/** Deep-copies `value`, dropping every `span`/`transitionSpan` and annotation token kinds. */
export function stripSpans<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map((v) => stripSpans(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'span' || key === 'transitionSpan') continue;
    out[key] = stripSpans(v);
  }
  return out;
}
