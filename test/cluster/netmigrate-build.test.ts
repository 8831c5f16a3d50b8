// The switch program a run uses (cluster/netmigrate-build.ts): compiled from p4/netmigrate.p4
// (or a program given with --program) when missing, reused while its inputs are unchanged,
// recompiled when the defines or any file the compile read change; a program that fits no
// controller profile stops the run before any process starts.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import { ensureNetMigrateBuild, ensureProgramBuild, isBuildFresh } from '../../cluster/netmigrate-build.js';
import { runExperiment } from '../../cluster/orchestrator.js';

describe('the NetMigrate switch build', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nm-build-'));
  const build = join(dir, 'netmigrate');
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing build is compiled: pipeline.js and p4info.json of the TNA program netmigrate', async () => {
    const r = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.compiled, true);
    assert.ok(existsSync(join(build, 'pipeline.js')));
    const info = JSON.parse(readFileSync(join(build, 'p4info.json'), 'utf8')) as { program: string; arch: string };
    assert.deepEqual([info.program, info.arch], ['netmigrate', 'tna']);
  });

  test('a build whose inputs did not change is reused', async () => {
    assert.equal(isBuildFresh(build), true);
    const r = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(r.ok);
    assert.equal(r.value.compiled, false);
  });

  test("other defines (the artifact's filter sizes) make the build stale and recompile it", async () => {
    const defines = { NETMIGRATE_ARTIFACT_SIZES: '1' };
    assert.equal(isBuildFresh(build, defines), false);
    const r = await ensureNetMigrateBuild({ buildDir: build, defines });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.compiled, true);
    const info = JSON.parse(readFileSync(join(build, 'p4info.json'), 'utf8')) as {
      registers: { name: string; size: number }[];
    };
    assert.equal(info.registers.find((x) => x.name === 'NmIngress.filter_1.bloom_filter')?.size, 2 ** 15);
  });
});

/** A TNA program of our own that forwards every frame back out of its port, its header type in an include. */
const HEADERS =
  'header eth_h { bit<48> dst; bit<48> src; bit<16> type; }\nstruct headers_t { eth_h eth; }\nstruct meta_t { }\n';
const PROGRAM = `#include <core.p4>
#include <tna.p4>
#include "headers.p4"
parser IP(packet_in pkt, out headers_t hdr, out meta_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control I(inout headers_t hdr, inout meta_t md, in ingress_intrinsic_metadata_t ig_intr_md,
          in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
          inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
          inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port; }
}
control ID(packet_out pkt, inout headers_t hdr, in meta_t md, in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}
parser EP(packet_in pkt, out headers_t hdr, out meta_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control E(inout headers_t hdr, inout meta_t md, in egress_intrinsic_metadata_t eg_intr_md,
          in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
          inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
          inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}
control ED(packet_out pkt, inout headers_t hdr, in meta_t md, in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}
Pipeline(IP(), I(), ID(), EP(), E(), ED()) pipe;
Switch(pipe) main;
`;

describe('a --program build', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nm-program-'));
  const program = join(dir, 'echo.p4');
  const build = join(dir, 'build', 'echo');
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is compiled into its folder, and stays fresh until an included file changes', async () => {
    writeFileSync(join(dir, 'headers.p4'), HEADERS);
    writeFileSync(program, PROGRAM);
    const r = await ensureProgramBuild({ program, buildDir: build });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.compiled, true);
    assert.equal(r.value.program, program);
    assert.equal(isBuildFresh(build, {}, program), true);
    assert.equal(isBuildFresh(build, {}, join(dir, 'other.p4')), false, 'another program is not this build');
    writeFileSync(join(dir, 'headers.p4'), `${HEADERS}// edited\n`);
    assert.equal(isBuildFresh(build, {}, program), false);
    const again = await ensureProgramBuild({ program, buildDir: build });
    assert.ok(again.ok);
    assert.equal(again.value.compiled, true);
  });

  test('a program with errors is COMPILE_FAILED with file:line:col diagnostics', async () => {
    const bad = join(dir, 'bad.p4');
    writeFileSync(bad, PROGRAM.replace('pkt.emit(hdr); }\n}\nparser EP', 'pkt.emit(hdrs); }\n}\nparser EP'));
    const r = await ensureProgramBuild({ program: bad, buildDir: join(dir, 'build', 'bad') });
    assert.ok(!r.ok);
    assert.equal(r.code, 'COMPILE_FAILED');
    assert.match(r.message, /bad\.p4:\d+:\d+: error:/);
  });

  test('a run on a program that fits no controller profile stops before starting any process', async () => {
    const r = await runExperiment(
      { ...DEFAULT_CONFIG, program, buildDir: build, out: join(dir, 'run'), progress: 'silent' },
      { handleSignals: false },
    );
    assert.ok(!r.ok);
    assert.equal(r.code, 'BAD_CONFIG');
    assert.match(r.message, /no controller profile fits echo/);
    assert.equal(existsSync(join(dir, 'run', 'logs', 'switch.log')), false);
  });
});
