// Coded decode/encode errors of the KV wire format. Decoders return these instead of
// throwing, so a corrupt or hostile frame costs a counter increment, never a crash.

export type WireErrorCode =
  | 'FRAME_TRUNCATED'
  | 'NOT_IPV4'
  | 'IPV4_BAD_HEADER'
  | 'IPV4_BAD_LENGTH'
  | 'IPV4_BAD_CHECKSUM'
  | 'IPV4_FRAGMENT'
  | 'NOT_UDP'
  | 'UDP_BAD_LENGTH'
  | 'MG_TRUNCATED'
  | 'MG_UNKNOWN_OP'
  | 'MG_BAD_BITMAP'
  | 'MG_BAD_KV_NUM'
  | 'MG_BAD_GROUP_COUNT'
  | 'MG_BAD_VALUE_SIZE'
  | 'MG_BUFFER_TOO_SMALL';

export interface WireError {
  ok: false;
  code: WireErrorCode;
  message: string;
}

export function wireError(code: WireErrorCode, message: string): WireError {
  return { ok: false, code, message };
}
