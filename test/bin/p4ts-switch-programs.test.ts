// `p4ts switch --program DIR,pipes=P+P,name=N` with two programs of our own (test/packet-test/
// stf/multi: ext on pipes 0 and 2, int on 1 and 3) as a real process on loopback: a frame from
// port 1 (ext) to port 129 (int) runs ext's ingress and int's egress; control requests name
// their program, and a request naming none, or a program the switch does not run, is refused
// with nothing changed. Bad --program values and placements are usage errors (exit 2).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ControlClient } from '../../runtime/control/client.js';
import { Host, p4ts, ROOT, startSwitch } from './helpers.js';

const MULTI = join(ROOT, 'test', 'packet-test', 'stf', 'multi');
const ETHER = Buffer.from('ffffffffffff00000000000188b5', 'hex');

describe('p4ts switch with two programs on one device', () => {
  let dir: string;
  const build = (n: string) => join(dir, n);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'p4ts-programs-'));
    for (const n of ['ext', 'int']) {
      const c = await p4ts('compile', '--quiet', '-o', build(n), join(MULTI, `${n}.p4`));
      assert.equal(c.code, 0, c.stderr);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a packet crossing programs runs the ingress of one and the egress of the other; requests name their program', async () => {
    const hosts = await Promise.all([Host.open(), Host.open()]);
    const sw = await startSwitch(
      ['--program', `${build('ext')},pipes=0+2,name=ext`, '--program', `${build('int')},pipes=1+3,name=int`],
      [hosts[0] as Host],
      ['--port', `129=127.0.0.1:0,peer=127.0.0.1:${(hosts[1] as Host).port}`],
    );
    const c = await ControlClient.connect({ port: Number(sw.control.split(':')[1]) });
    assert.ok(c.ok, c.ok ? '' : c.message);
    try {
      const entry = {
        table: 'Ingress.route',
        match: { 'ig_intr_md.ingress_port': 1 },
        action: 'Ingress.to',
        params: { port: 129 },
      };
      // Refused, nothing changed: no program named, or one the switch does not run.
      for (const extra of [{}, { program: 'nope' }, { program: 7 }]) {
        const r: Awaited<ReturnType<ControlClient['call']>> = await c.value.call('table.add', { ...entry, ...extra });
        assert.equal(r.ok ? 'ok' : r.code, 'INVALID_PROGRAM', JSON.stringify(extra));
      }
      for (const program of ['ext', 'int']) {
        const d = (await c.value.call('table.dump', { table: 'Ingress.route', program })) as {
          ok: boolean;
          value: { entries: unknown[] };
        };
        assert.deepEqual(d.value.entries, [], program);
      }
      assert.equal((await c.value.call('table.add', { ...entry, program: 'ext' })).ok, true);
      // The frame: ext's ingress stamps 0x0a, int's egress 0x0b.
      sw.send(hosts, 0, Buffer.concat([ETHER, Buffer.from('00000000', 'hex')]));
      const out = await (hosts[1] as Host).frame(0, 'the frame out of port 129');
      assert.equal(out.subarray(14, 18).toString('hex'), '0a0b0001');
      // Each program has its own counter; the device-wide methods need no program.
      const seen = async (program: string) =>
        (
          (await c.value.call('counter.read', { counter: 'seen', index: 1, program })) as {
            value: { values: { packets: number }[] };
          }
        ).value.values[0]?.packets;
      assert.equal(await seen('ext'), 1);
      assert.equal(await seen('int'), 0);
      const info = (await c.value.call('switch.info')) as {
        ok: boolean;
        value: { programs: { name: string; pipes: number[] }[] };
      };
      assert.deepEqual(
        info.value.programs.map((p) => [p.name, p.pipes]),
        [
          ['ext', [0, 2]],
          ['int', [1, 3]],
        ],
      );
      // A multicast group made through one program is seen through the other (shared fixed components).
      assert.equal(
        (await c.value.call('multicast.create', { group: 5, nodes: [{ rid: 1, ports: [1] }], program: 'ext' })).ok,
        true,
      );
      const groups = (await c.value.call('multicast.list', { program: 'int' })) as {
        value: { groups: { id: number }[] };
      };
      assert.deepEqual(
        groups.value.groups.map((g) => g.id),
        [5],
      );
      // p4ts ctl --program names the program of a request; without it the switch refuses (exit 1).
      const dump = await p4ts('ctl', '--control', sw.control, '--program', 'ext', 'table', 'dump', 'route');
      assert.equal(dump.code, 0, dump.stderr);
      assert.equal((JSON.parse(dump.stdout) as { entries: unknown[] }).entries.length, 1);
      const bare = await p4ts('ctl', '--control', sw.control, 'table', 'dump', 'route');
      assert.equal(bare.code, 1);
      assert.match(bare.stderr, /INVALID_PROGRAM: this switch runs several programs \(ext, int\)/);
      // Port metadata of a port belongs to the program serving its pipe.
      const pm = await c.value.call('portMetadata.set', { port: 129, value: 1, program: 'ext' });
      assert.equal(pm.ok ? 'ok' : pm.code, 'INVALID_PORT');
      assert.match(pm.ok ? '' : pm.message, /program int serves/);
    } finally {
      await c.value.close();
      await sw.stop();
      for (const h of hosts) h.close();
    }
  });

  test('bad --program values and placements are usage errors (exit 2)', async () => {
    const port = ['--port', '1=127.0.0.1:0,peer=127.0.0.1:9'];
    for (const [args, why] of [
      [['--program', `${build('ext')}`], /pipes=P\+P is required/],
      [['--program', `${build('ext')},pipes=x`], /not a list of pipes/],
      [['--program', `${build('ext')},pipes=0,name=1a`], /not an identifier/],
      [
        ['--program', `${build('ext')},pipes=0+1`, '--program', `${build('int')},pipes=1+2+3`],
        /pipe 1 is given to both/,
      ],
      [
        ['--program', `${build('ext')},pipes=0+2`, '--program', `${build('int')},pipes=1`],
        /pipe 3 served by no program/,
      ],
      [
        ['--program', `${build('ext')},pipes=0-1,name=x`, '--program', `${build('int')},pipes=2-3,name=x`],
        /two programs are named x/,
      ],
      [[build('ext'), '--program', `${build('int')},pipes=0-3`], /got both/],
    ] as const) {
      const r = await p4ts('switch', ...args, ...port);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, why, args.join(' '));
    }
  });
});
