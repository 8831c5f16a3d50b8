// The control plane's wire format: JSON-RPC 2.0, one JSON value per line over TCP. This module
// decodes a line into requests (or a coded error to answer with) and encodes responses and
// notifications. Decoding never throws, whatever the line holds. Error codes are documented in
// docs/control-plane.md; `data.code` names the problem, the JSON-RPC `code` its class.

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_METHOD_NOT_FOUND = -32601;
export const JSONRPC_INVALID_PARAMS = -32602;
export const JSONRPC_INTERNAL_ERROR = -32603;
/** A well-formed request the switch refused (bad name, duplicate entry, …): nothing changed. */
export const JSONRPC_REQUEST_REFUSED = -32000;

/** Longest line the server reads (bytes); longer lines are answered with LINE_TOO_LONG. */
export const MAX_LINE_BYTES = 1 << 20;

export type ControlErrorCode =
  | 'PARSE_ERROR'
  | 'INVALID_REQUEST'
  | 'METHOD_NOT_FOUND'
  | 'INVALID_PARAMS'
  | 'INTERNAL_ERROR'
  | 'LINE_TOO_LONG'
  | 'TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'TOO_MANY_CONNECTIONS'
  | 'INVALID_TABLE_NAME'
  | 'INVALID_REGISTER_NAME'
  | 'INVALID_COUNTER_NAME'
  | 'INVALID_METER_NAME'
  | 'INVALID_DIGEST_NAME'
  | 'INVALID_VALUE_SET_NAME'
  | 'BAD_MATCH_KEY'
  | 'BAD_PRIORITY'
  | 'BAD_ACTION'
  | 'BAD_ACTION_PARAMS'
  | 'DUPLICATE_ENTRY'
  | 'TABLE_FULL'
  | 'NO_SUCH_ENTRY'
  | 'CONST_TABLE'
  | 'CONST_DEFAULT_ACTION'
  | 'BAD_INDEX'
  | 'BAD_VALUE'
  | 'BAD_VALUE_SET'
  | 'BAD_METER_CONFIG'
  | 'INVALID_PORT'
  | 'BAD_IMPAIRMENT'
  | 'INVALID_MIRROR_SESSION'
  | 'DUPLICATE_MIRROR_SESSION'
  | 'NO_SUCH_MIRROR_SESSION'
  | 'INVALID_MULTICAST_GROUP'
  | 'DUPLICATE_MULTICAST_GROUP'
  | 'NO_SUCH_MULTICAST_GROUP'
  | 'NO_SUCH_SUBSCRIPTION'
  | 'INVALID_ACTION_PROFILE_NAME'
  | 'BAD_REFERENCE'
  | 'DUPLICATE_MEMBER'
  | 'NO_SUCH_MEMBER'
  | 'DUPLICATE_GROUP'
  | 'NO_SUCH_GROUP'
  | 'PROFILE_FULL'
  | 'IN_USE'
  | 'INVALID_HASH_NAME'
  | 'BAD_HASH_CONFIG'
  /** A `program` the device does not run, or none named where several run (docs/multi-pipe.md). */
  | 'INVALID_PROGRAM'
  | 'BAD_PKTGEN_CONFIG'
  /** Ports (runtime/ports/device-ports.ts): a bad setting, a port not added, one added twice. */
  | 'BAD_PORT_CONFIG'
  | 'NO_SUCH_PORT'
  | 'DUPLICATE_PORT'
  // Raised by tables/ and externs/ for specs, which p4info validation already rules out.
  | 'BAD_TABLE_SPEC'
  | 'BAD_REGISTER_SPEC';

export function jsonRpcCodeOf(code: ControlErrorCode): number {
  switch (code) {
    case 'PARSE_ERROR':
    case 'LINE_TOO_LONG':
      return JSONRPC_PARSE_ERROR;
    case 'INVALID_REQUEST':
      return JSONRPC_INVALID_REQUEST;
    case 'METHOD_NOT_FOUND':
      return JSONRPC_METHOD_NOT_FOUND;
    case 'INVALID_PARAMS':
      return JSONRPC_INVALID_PARAMS;
    case 'INTERNAL_ERROR':
      return JSONRPC_INTERNAL_ERROR;
    default:
      return JSONRPC_REQUEST_REFUSED;
  }
}

export type RequestId = string | number | null;

export interface RpcRequest {
  readonly method: string;
  readonly params: unknown;
  /** Absent for a notification (no response is sent). */
  readonly id?: RequestId;
}

export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data: { readonly code: ControlErrorCode };
}

export type RpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: RequestId; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: RequestId; readonly error: RpcErrorObject };

/** One decoded entry of a line: a request, or the error to answer (with the id when known). */
export type DecodedEntry =
  | { readonly ok: true; readonly request: RpcRequest }
  | { readonly ok: false; readonly id: RequestId; readonly code: ControlErrorCode; readonly message: string };

export interface DecodedLine {
  readonly batch: boolean;
  readonly entries: readonly DecodedEntry[];
}

function isId(v: unknown): v is RequestId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function decodeEntry(v: unknown): DecodedEntry {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return { ok: false, id: null, code: 'INVALID_REQUEST', message: 'a request must be a JSON object' };
  const o = v as Record<string, unknown>;
  const id = isId(o.id) ? o.id : null;
  if ('id' in o && !isId(o.id))
    return { ok: false, id: null, code: 'INVALID_REQUEST', message: 'id must be a string, a number or null' };
  if (o.jsonrpc !== '2.0') return { ok: false, id, code: 'INVALID_REQUEST', message: 'jsonrpc must be "2.0"' };
  if (typeof o.method !== 'string' || o.method === '')
    return { ok: false, id, code: 'INVALID_REQUEST', message: 'method must be a non-empty string' };
  if (o.params !== undefined && (o.params === null || typeof o.params !== 'object'))
    return { ok: false, id, code: 'INVALID_REQUEST', message: 'params must be an object or an array' };
  const request: RpcRequest =
    'id' in o ? { method: o.method, params: o.params, id } : { method: o.method, params: o.params };
  return { ok: true, request };
}

/** Decodes one line (a request, a notification or a batch). Never throws. */
export function decodeLine(line: string): DecodedLine {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return {
      batch: false,
      entries: [{ ok: false, id: null, code: 'PARSE_ERROR', message: `not JSON: ${(e as Error).message}` }],
    };
  }
  if (Array.isArray(v)) {
    if (v.length === 0)
      return { batch: false, entries: [{ ok: false, id: null, code: 'INVALID_REQUEST', message: 'empty batch' }] };
    return { batch: true, entries: v.map(decodeEntry) };
  }
  return { batch: false, entries: [decodeEntry(v)] };
}

export function errorResponse(id: RequestId, code: ControlErrorCode, message: string): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code: jsonRpcCodeOf(code), message, data: { code } } };
}

export function resultResponse(id: RequestId, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result: result ?? {} };
}

/** JSON text of a message, bigints as "0x…" strings (field values above 32 bits). */
export function encodeMessage(m: unknown): string {
  return JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v));
}

export function notification(method: string, params: unknown): string {
  return encodeMessage({ jsonrpc: '2.0', method, params });
}
