// The error-as-value shape shared by every layer: control-plane requests, extern
// constructors, decoders and port opening return a Result with a stable `code` instead of
// throwing, so a bad request changes nothing and the edge (CLI, control server) turns the code
// into a message.

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<C extends string = string> = { readonly ok: false; readonly code: C; readonly message: string };
export type Result<T, C extends string = string> = Ok<T> | Err<C>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): Err<C> {
  return { ok: false, code, message };
}

/** Renders any value for an error message without ever throwing (untrusted input may lie). */
export function describeValue(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}
