// The 6-byte header Tofino's packet generator puts before every packet it makes, per trigger
// type and chip generation (docs/tna-semantics.md, "The packet generator"). The layouts are
// those of pktgen_timer_header_t, pktgen_port_down_header_t and pktgen_recirc_header_t.

/** Bytes of the packet generator's header on both generations. */
export const PKTGEN_HEADER_BYTES = 6;

export type PktgenTrigger = 'timer_one_shot' | 'timer_periodic' | 'port_down' | 'recirc_pattern' | 'deparser';

export interface PktgenHeaderFields {
  readonly generation: 1 | 2;
  readonly trigger: PktgenTrigger;
  readonly pipe: number;
  readonly app: number;
  readonly batch: number;
  readonly packet: number;
  /** port_down: the device port that went down. Tofino 1 recirc_pattern: the 24-bit key. */
  readonly key: number;
}

/**
 * Writes the header into `out` at `at`. First byte: pad, pipe_id (2 bits), app_id (3 bits on
 * Tofino 1, 4 on Tofino 2). Then: timer: 8 pad bits, batch_id, packet_id; port down: 15 pad
 * bits, port_num (9), packet_id; recirculation: Tofino 1 the 24-bit key and packet_id,
 * Tofino 2 8 pad bits, batch_id and packet_id (the key travels in the 16-byte context instead);
 * deparser (Tofino 2 only): as Tofino 2's recirculation.
 */
export function writePktgenHeader(out: Uint8Array, at: number, f: PktgenHeaderFields): void {
  out[at] = f.generation === 1 ? ((f.pipe & 3) << 3) | (f.app & 7) : ((f.pipe & 3) << 4) | (f.app & 15);
  let mid: number;
  if (f.trigger === 'port_down') mid = f.key & 0x1ff;
  else if (f.trigger === 'recirc_pattern' && f.generation === 1) mid = f.key & 0xffffff;
  else mid = f.batch & 0xffff;
  out[at + 1] = (mid >>> 16) & 0xff;
  out[at + 2] = (mid >>> 8) & 0xff;
  out[at + 3] = mid & 0xff;
  out[at + 4] = (f.packet >>> 8) & 0xff;
  out[at + 5] = f.packet & 0xff;
}
