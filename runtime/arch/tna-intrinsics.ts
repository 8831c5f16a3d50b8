// The TNA engine's per-pass intrinsic metadata (docs/tna.md §6): what each ingress and egress
// pass starts from, and how the program's pipes and deparser externs are wired to the ports
// and metadata structs at load time. Split from tna.ts, which runs the passes.

import { resetDigestType, resetResubmitType, trackDigestType, trackResubmitType } from '../externs/deparser-externs.js';
import type { P4Info } from '../p4info.js';
import type { TnaBlocks } from '../pipeline-module.js';
import { UNSET_EGRESS_PORT } from '../traffic-manager.js';
import type { PassClock } from './pass-clock.js';
import type { TnaServiceParts } from './tna-services.js';

/** Ingress intrinsic metadata for the TM, parser and deparser as a new ingress pass sees it. */
export function resetIngressIntrinsics(b: TnaBlocks, clock: PassClock): void {
  const tm = b.ig_intr_md_for_tm;
  tm.ucast_egress_port = UNSET_EGRESS_PORT;
  tm.bypass_egress = 0;
  tm.deflect_on_drop = 0;
  tm.ingress_cos = 0;
  tm.qid = 0;
  tm.icos_for_copy_to_cpu = 0;
  tm.copy_to_cpu = 0;
  tm.packet_color = 0;
  tm.disable_ucast_cutthru = 0;
  tm.enable_mcast_cutthru = 0;
  tm.mcast_grp_a = 0;
  tm.mcast_grp_b = 0;
  tm.level1_mcast_hash = 0;
  tm.level2_mcast_hash = 0;
  tm.level1_exclusion_id = 0;
  tm.level2_exclusion_id = 0;
  tm.rid = 0;
  const prsr = b.ig_intr_md_from_prsr;
  clock.startPass(prsr, 0);
  prsr.global_ver = 0;
  prsr.parser_err = 0;
  const dp = b.ig_intr_md_for_dprsr;
  dp.drop_ctl = 0;
  resetDigestType(dp);
  resetResubmitType(dp);
  dp.mirror_type = 0;
}

/** Egress intrinsic metadata for the parser, deparser and output port as a new egress pass sees it. */
export function resetEgressIntrinsics(b: TnaBlocks, clock: PassClock): void {
  const prsr = b.eg_intr_md_from_prsr;
  clock.startPass(prsr, 1);
  prsr.global_ver = 0;
  prsr.parser_err = 0;
  const dp = b.eg_intr_md_for_dprsr;
  dp.drop_ctl = 0;
  dp.mirror_type = 0;
  dp.coalesce_flush = 0;
  dp.coalesce_length = 0;
  b.eg_intr_md_for_oport.capture_tstamp_on_tx = 0;
  b.eg_intr_md_for_oport.update_delay_on_tx = 0;
}

/** Index into `pipes` of the pipe serving each port: hardware pipe port >> 7, p4info.pipes says which Pipeline. */
export function pipesOfPorts(info: P4Info, pipeCount: number): Uint8Array {
  const pipeOfPort = new Uint8Array(512);
  for (let port = 0; port < 512; port++) {
    const k = info.pipes?.findIndex((p) => p.hwPipes.includes(port >> 7)) ?? 0;
    pipeOfPort[port] = k < 0 || k >= pipeCount ? 0 : k;
  }
  return pipeOfPort;
}

/**
 * The deparser externs (mirror, resubmit, digest) read the type fields of their pipe's and
 * gress's deparser metadata; the global_tstamp of every pipe's parser metadata reads the clock.
 */
export function wirePipes(info: P4Info, parts: TnaServiceParts, pipes: readonly TnaBlocks[], clock: PassClock): void {
  const pipeOf = (k: number | undefined) => (pipes[k ?? 0] ?? pipes[0]) as TnaBlocks;
  info.mirrors.forEach((m, i) => {
    const x = parts.services.mirrors[i];
    const b = pipeOf(m.pipe);
    if (x !== undefined) x.dprsr = m.gress === 'egress' ? b.eg_intr_md_for_dprsr : b.ig_intr_md_for_dprsr;
  });
  info.resubmits.forEach((r, i) => {
    const x = parts.services.resubmits[i];
    if (x !== undefined) {
      x.dprsr = pipeOf(r.pipe).ig_intr_md_for_dprsr;
      trackResubmitType(x.dprsr);
    }
  });
  info.digests.forEach((d, i) => {
    const x = parts.services.digests[i];
    if (x !== undefined) {
      x.dprsr = pipeOf(d.pipe).ig_intr_md_for_dprsr;
      // Whether ingress wrote digest_type decides only for a Digest of type 0 (for any other
      // type, or none, the value alone does: docs/tna-semantics.md, "Digest"); tracking costs
      // every access to the deparser metadata (docs/benchmarks.md, "Counting instructions").
      if (x.digestType === 0) trackDigestType(x.dprsr);
    }
  });
  for (const b of pipes) {
    clock.install(b.ig_intr_md_from_prsr, 0);
    clock.install(b.eg_intr_md_from_prsr, 1);
  }
}
