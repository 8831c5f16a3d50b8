import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { JsonLinesTraceSink, parseJsonLines } from '../../../runtime/trace/json-lines.js';
import { CollectingTraceSink, type TraceSink } from '../../../runtime/trace/trace-sink.js';
import { forward, frame, harness, MAC_A, MAC_B, table } from '../arch/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-trace-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Plays one packet's life through a sink: every event kind once. */
function play(tr: TraceSink): void {
  tr.packetIn(1, 0, 3, new Uint8Array([0xde, 0xad]));
  tr.parserState(1, 0, 'SwitchIngressParser', 'parse_ethernet');
  tr.extract(1, 0, 'ethernet', 0);
  tr.tableHit(1, 0, 'ipv4_lpm', 7, 'forward');
  tr.tableMiss(1, 0, 'acl', 'NoAction');
  tr.action(1, 0, 'set_mac', [1, 0xaabbccddeeffn]);
  tr.registerRead(1, 0, 'bf1', 5, 1);
  tr.registerWrite(1, 0, 'cbf1', 5, 0xff);
  tr.mirror(1, 0, 'ingress', 10, 1);
  tr.recirculate(1, 1, 68);
  tr.resubmit(1, 0);
  tr.digest(1, 0, 'init_digest', { op: 3, addr: 0x0a000001 });
  tr.drop(1, 1, 'egress', 'drop_ctl');
  tr.packetOut(1, 0, 4, new Uint8Array([0xbe, 0xef]));
}

describe('trace sinks', () => {
  test('with tracing off the engine forwards exactly as with tracing on: the trace observes, never steers', () => {
    const run = (trace: TraceSink | undefined) => {
      const h = harness(trace === undefined ? {} : { trace });
      forward(h, MAC_B, 2);
      assert.ok(
        table(h, 'Egress.e2e_select').add({
          match: [{ kind: 'ternary', value: 1, mask: 0x1ff }],
          priority: 1,
          action: 'Egress.mirror_e2e',
          params: [20],
        }).ok,
      );
      assert.ok(h.tm.addMirrorSession({ id: 20, direction: 'egress', egressPort: 68, maxLen: 0 }).ok);
      h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
      h.engine.receive(1, frame(MAC_B, MAC_A, 0x1234));
      return h.out.map((o) => ({ port: o.port, frame: [...o.frame] }));
    };
    const sink = new CollectingTraceSink();
    const traced = run(sink);
    assert.ok(sink.events.length > 10, 'the same packets produce trace events when a sink is given');
    assert.ok(traced.length >= 2, 'the forwarded frame and its recirculated mirror copy');
    assert.deepEqual(run(undefined), traced);
  });

  test('every event carries the packet id and the copy id', () => {
    const sink = new CollectingTraceSink();
    play(sink);
    assert.equal(sink.events.length, 14);
    assert.ok(sink.events.every((e) => e.pkt === 1 && (e.copy === 0 || e.copy === 1)));
    assert.deepEqual(
      sink.events.map((e) => e.event),
      [
        'packetIn',
        'parserState',
        'extract',
        'tableHit',
        'tableMiss',
        'action',
        'registerRead',
        'registerWrite',
        'mirror',
        'recirculate',
        'resubmit',
        'digest',
        'drop',
        'packetOut',
      ],
    );
    assert.deepEqual(sink.events[5], {
      pkt: 1,
      copy: 0,
      event: 'action',
      action: 'set_mac',
      params: [1, '0xaabbccddeeff'],
    });
    assert.deepEqual(sink.events[0], { pkt: 1, copy: 0, event: 'packetIn', port: 3, frame: 'dead' });
  });

  test('the JSON-lines sink writes one object per line and reads back the same events', async () => {
    const path = join(dir, 'trace.jsonl');
    const file = new JsonLinesTraceSink(path);
    const mem = new CollectingTraceSink();
    for (let i = 0; i < 3000; i++) {
      play(file);
      play(mem);
    }
    assert.equal(await file.close(), undefined);
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length - 1, 42000);
    const back = parseJsonLines(text);
    assert.deepEqual(back.badLines, []);
    assert.deepEqual(back.events, mem.events);
  });

  test('a malformed trace line is reported by number, not thrown', () => {
    const r = parseJsonLines('{"pkt":1,"copy":0,"event":"resubmit"}\nnot json\n{"x":1}\n');
    assert.equal(r.events.length, 1);
    assert.deepEqual(r.badLines, [2, 3]);
  });
});
