// Controller profiles (cluster/controller/profile.ts): which profile a program's p4info
// selects, how names resolve (exact, or the one name ending in the profile's tail), and what a
// program that fits no profile is told. The artifact's names come from a fixture of ours that
// holds only names (no code of the artifact): the tables, actions, registers and digest its
// own controller programs.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ARTIFACT_PROFILE,
  matchName,
  P4TS_PROFILE,
  PROFILES,
  type ProgramSurface,
  resolveProfile,
  selectProfile,
  surfaceFromP4Info,
  surfaceFromSwitchInfo,
} from '../../../cluster/controller/index.js';
import { ensureNetMigrateBuild } from '../../../cluster/netmigrate-build.js';

const I = 'KVMigrationIngress';
const R = `${I}.ingress_routing`;
const E = 'KVMigrationEgress';
const table = (name: string, keys: string[], actions: string[]) => ({
  name,
  keys: keys.map((k) => ({ name: k })),
  actions: actions.map((a) => ({ name: a })),
});
const action = (name: string, params: string[] = []) => ({ name, params: params.map((p) => ({ name: p })) });

/** A p4info with the artifact program's control-plane names only (as its controller uses them). */
function artifactNames(prefix = ''): unknown {
  const n = (s: string) => `${prefix}${s}`;
  return {
    program: 'kv_migration',
    tables: [
      table(n(`${R}.ipv4_routing`), ['hdr.ipv4.dstAddr'], [n(`${R}.set_egress`), n(`${R}.ndrop`)]),
      table(
        n(`${R}.mg_redirect_to_destination`),
        ['mg_md.dst_pair.ip_addr'],
        [n(`${R}.redirect_to_destination`), n(`${R}.no_update_dst_header_back`)],
      ),
      table(n(`${R}.mg_mirror_fwd`), ['hdr.ipv4.dstAddr'], [n(`${R}.set_mirror_fwd`)]),
      table(
        n(`${I}.mg_migration_pair_lookup`),
        ['hdr.ipv4.dstAddr', 'hdr.mg_hdr.dbPort'],
        [n(`${I}.read_mg_dst_addr`), n(`${I}.set_default_dst_addr`)],
      ),
      table(
        n(`${E}.mg_recirculate_and_E2E_mirror`),
        ['hdr.bridged_md.do_egr_mirroring'],
        [n(`${E}.set_recirculate_and_E2E_mirror`), n(`${E}.nop`)],
      ),
    ],
    actions: [
      action(n(`${R}.set_egress`), ['egress_spec']),
      action(n(`${R}.ndrop`)),
      action(n(`${R}.redirect_to_destination`), ['egress_spec']),
      action(n(`${R}.no_update_dst_header_back`)),
      action(n(`${R}.set_mirror_fwd`), ['ing_ses']),
      action(n(`${I}.read_mg_dst_addr`), ['eth_dstAddr', 'ip_dstAddr', 'db_dstPort', 'size_exp', 'remain_exp']),
      action(n(`${I}.set_default_dst_addr`)),
      action(n(`${E}.set_recirculate_and_E2E_mirror`), ['egr_ses']),
      action(n(`${E}.nop`)),
    ],
    registers: [1, 2, 3, 4].flatMap((i) => [
      { name: n(`${I}.mg_bloom_filter_reg_${i}`), size: 32768 },
      { name: n(`${I}.mg_counting_bloom_filter_reg_${i}`), size: 16 },
    ]),
    digests: [
      {
        name: n('KVMigrationIngressDeparser.digest_migration_pair'),
        fields: ['op', 'srcAddr', 'srcPort', 'dstAddr', 'dstPort', 'dict_size_exp', 'dict_remain_exp'].map((f) => ({
          name: f,
        })),
      },
    ],
  };
}

describe('controller profiles', () => {
  let dir: string;
  let ours: unknown;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-profile-'));
    const built = await ensureNetMigrateBuild({ buildDir: join(dir, 'netmigrate') });
    assert.ok(built.ok, built.ok ? '' : built.message);
    ours = JSON.parse(readFileSync(join(built.value.dir, 'p4info.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("p4/netmigrate.p4's p4info selects the p4ts profile, with the full names and key fields of its tables", () => {
    const r = selectProfile(surfaceFromP4Info(ours), PROFILES);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.profile.name, 'p4ts');
    assert.deepEqual(r.value.migrationPair.table, {
      name: 'NmIngress.migration_pair',
      keys: ['hdr.ipv4.dst_addr', 'hdr.mg.db_port'],
    });
    assert.equal(r.value.migrationPair.redirect?.name, 'NmIngress.set_shard_redirect');
    assert.equal(r.value.filters.bloom.length, 4);
    assert.deepEqual(
      r.value.filters.other.map((x) => x.name),
      ['NmIngress.group_next_transition'],
    );
  });

  test("a p4info with the artifact's names selects the artifact profile: no redirect action, double reads keyed on the address", () => {
    const r = selectProfile(surfaceFromP4Info(artifactNames()), PROFILES);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.profile.name, 'artifact');
    assert.equal(r.value.migrationPair.redirect, undefined);
    assert.equal(r.value.doubleRead.key, 'address');
    assert.deepEqual(r.value.walkMirror.match, [1]);
    assert.deepEqual(
      r.value.filters.bloom.map((x) => x.size),
      [32768, 32768, 32768, 32768],
    );
    assert.equal(r.value.pairDigest.fields.sizeExp, 'dict_size_exp');
  });

  test('a compiler that puts another prefix before the control path still resolves every name', () => {
    const r = resolveProfile(ARTIFACT_PROFILE, surfaceFromP4Info(artifactNames('pipe.')));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.hostRoute.table.name, `pipe.${R}.ipv4_routing`);
    assert.equal(r.value.hostRoute.action.name, `pipe.${R}.set_egress`);
  });

  test('names match exactly, else by the longest tail only one name has; an ambiguous tail matches nothing', () => {
    assert.equal(matchName('A.b.t', ['A.b.t', 'X.b.t']), 'A.b.t');
    assert.equal(matchName('A.b.t', ['P.A.b.t', 'X.c.t']), 'P.A.b.t');
    assert.equal(matchName('A.b.t', ['X.b.t', 'Y.c.t']), 'X.b.t');
    assert.equal(matchName('A.b.t', ['X.b.t', 'Y.b.t']), undefined);
    assert.equal(matchName('A.b.t', ['X.c.u']), undefined);
  });

  test('--profile forces a profile: the wrong one lists what the program lacks; an unknown one is named', () => {
    const wrong = selectProfile(surfaceFromP4Info(ours), PROFILES, 'artifact');
    assert.ok(!wrong.ok);
    assert.equal(wrong.code, 'MISMATCH');
    assert.match(
      wrong.message,
      /does not fit profile artifact: no table KVMigrationIngress\.ingress_routing\.ipv4_routing/,
    );
    const unknown = selectProfile(surfaceFromP4Info(ours), PROFILES, 'tofino-kv');
    assert.ok(!unknown.ok);
    assert.equal(unknown.code, 'UNKNOWN_PROFILE');
    assert.match(unknown.message, /known: p4ts, artifact/);
  });

  test('a program that fits no profile is told, per profile, the names it lacks', () => {
    const surface: ProgramSurface = { program: 'router', tables: [], registers: [], digests: [] };
    const r = selectProfile(surface, PROFILES);
    assert.ok(!r.ok);
    assert.match(r.message, /no controller profile fits router/);
    assert.match(r.message, /profile p4ts: no table NmIngress\.ipv4_route/);
    assert.match(r.message, /profile artifact: no table/);
  });

  test('an action parameter the program names differently is a mismatch (p4info knows parameters)', () => {
    const info = artifactNames() as { actions: { name: string; params: { name: string }[] }[] };
    const pair = info.actions.find((a) => a.name.endsWith('read_mg_dst_addr'));
    assert.ok(pair);
    pair.params[0] = { name: 'dst_mac' };
    const r = resolveProfile(ARTIFACT_PROFILE, surfaceFromP4Info(info));
    assert.ok(!r.ok);
    assert.match(r.message, /parameter\(s\) eth_dstAddr of action KVMigrationIngress\.read_mg_dst_addr/);
  });

  test('the switch.info answer (actions without parameters) resolves like the p4info', () => {
    const p = ours as {
      program: string;
      tables: { name: string; keys: { name: string }[]; actions: { name: string }[] }[];
      registers: { name: string; size: number }[];
      digests: unknown[];
    };
    const info = {
      program: p.program,
      tables: p.tables.map((t) => ({ name: t.name, keys: t.keys, actions: t.actions.map((a) => a.name) })),
      registers: p.registers,
      digests: p.digests,
    };
    const r = resolveProfile(P4TS_PROFILE, surfaceFromSwitchInfo(info));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.pairDigest.name, 'NmIngressDeparser.pair_digest');
  });
});
