// The client-side protocol objects: where each request goes and how replies are read.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FulvaClientProtocol } from '../../../client/protocols/fulva.js';
import { PlainClientProtocol } from '../../../client/protocols/plain.js';
import { extraTrafficPercent } from '../../../client/protocols/protocol.js';
import { RocksteadyClientProtocol } from '../../../client/protocols/rocksteady.js';
import { clientProtocolFor } from '../../../client/protocols/select.js';
import { writeMac, writeU16, writeU32 } from '../../../wire/addresses.js';
import type { FrameAddress } from '../../../wire/frame.js';
import { groupOfKey } from '../../../wire/key-hash.js';
import type { ClientReply, ClientRequest } from '../../../wire/message.js';
import { Op, Ver } from '../../../wire/ops.js';

const SRC: FrameAddress = {
  srcMac: 1,
  srcIp: 0x0a000100,
  srcPort: 0xbe00,
  dstMac: 0x10,
  dstIp: 0x0a000010,
  dstPort: 0xbe40,
};
const read = (seq: bigint, key: number): ClientRequest => ({ op: Op.READ, seq, dbPort: 6380, bitmap: 1, ver: 0, key });
const write = (seq: bigint, key: number): ClientRequest => ({
  op: Op.WRITE,
  seq,
  dbPort: 6380,
  bitmap: 1,
  key,
  value: new Uint8Array(64),
});
const readReply = (seq: bigint, ver: number): ClientReply => ({
  op: Op.READ_REPLY,
  seq,
  dbPort: 6380,
  bitmap: 1,
  ver,
  value: new Uint8Array(64),
});
const info = (trailer: Uint8Array = new Uint8Array(0)) => ({ trailer, frameBytes: 119 + trailer.length, from: SRC });

function startTrailer(): Uint8Array {
  const t = new Uint8Array(16 + 8);
  t[0] = Ver.FULVA_MCR_BEGIN;
  writeMac(t, 1, 0x20);
  writeU32(t, 7, 0x0a000020);
  writeU16(t, 11, 7380);
  t[13] = 4; // size_exp
  t[14] = 0; // remain_exp
  t[15] = 2;
  writeU32(t, 16, 0);
  writeU32(t, 20, 8);
  return t;
}

describe('client protocols', () => {
  it('each protocol name has its client object; unknown names have none', () => {
    for (const n of ['netmigrate', 'source-based', 'rocksteady', 'fulva']) assert.equal(clientProtocolFor(n)?.name, n);
    assert.equal(clientProtocolFor('bogus'), undefined);
  });

  it('NetMigrate sends every request to the source shard and counts the second reply of a double read as overhead', () => {
    const p = new PlainClientProtocol('netmigrate');
    assert.deepEqual(p.route(read(1n, 5), SRC, 59), [{ addr: SRC, msg: read(1n, 5) }]);
    p.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND), info());
    p.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.FOUND), info());
    assert.equal(p.traffic.extraReplies, 1);
    assert.ok(extraTrafficPercent(p.traffic) > 0);
  });

  it('Rocksteady turns a 0x80 reply into retry-later and counts the re-ask as overhead', () => {
    const p = new RocksteadyClientProtocol();
    p.route(read(1n, 5), SRC, 59);
    const r = p.onReply(readReply(1n, Ver.BASELINE_RETRY | Ver.FROM_DESTINATION), info());
    assert.equal('ver' in r ? r.ver : 0, Ver.RETRY_LATER | Ver.FROM_DESTINATION);
    p.route(read(1n, 5), SRC, 59);
    assert.equal(p.traffic.extraRequests, 1);
    const ok = p.onReply(readReply(1n, Ver.FROM_DESTINATION | Ver.FOUND), info());
    assert.equal('ver' in ok ? ok.ver : 0, Ver.FROM_DESTINATION | Ver.FOUND);
  });

  it('Fulva reads both servers once the source announced the migration, writes only the destination', () => {
    const p = new FulvaClientProtocol();
    assert.equal(p.route(read(1n, 5), SRC, 59).length, 1, 'before: the source alone');
    p.onReply(readReply(1n, Ver.FULVA_MCR_BEGIN | Ver.FOUND), info(startTrailer()));
    assert.equal(p.phase, 'during');
    const sends = p.route(read(2n, 5), SRC, 59);
    assert.equal(sends.length, 2);
    assert.deepEqual(
      sends.map((s) => [s.addr.dstIp, s.msg.dbPort, 'ver' in s.msg ? s.msg.ver : -1]),
      [
        [0x0a000010, 6380, Ver.DOUBLE_READ],
        [0x0a000020, 7380, Ver.DOUBLE_READ],
      ],
    );
    const w = p.route(write(3n, 5), SRC, 91);
    assert.deepEqual(
      w.map((s) => [s.addr.dstIp, s.msg.dbPort]),
      [[0x0a000020, 7380]],
    );
    assert.equal(p.traffic.extraRequests, 1);
  });

  it('Fulva reads a group the progress cursors show migrated from the destination alone', () => {
    const p = new FulvaClientProtocol();
    p.onReply(readReply(1n, Ver.FULVA_MCR_BEGIN), info(startTrailer()));
    let key = 0;
    while (groupOfKey(key, 4, 0) !== 2) key++;
    assert.equal(p.route(read(2n, key), SRC, 59).length, 2);
    const mcr = new Uint8Array([Ver.FULVA_MCR, 1, 0, 0, 0, 0, 3]); // thread 0: groups 0..2 done
    p.onReply(readReply(2n, Ver.FULVA_MCR | Ver.FROM_DESTINATION), info(mcr));
    const sends = p.route(read(3n, key), SRC, 59);
    assert.deepEqual(
      sends.map((s) => s.addr.dstIp),
      [0x0a000020],
    );
    assert.ok(p.traffic.metadataBytes >= mcr.length);
  });

  it('Fulva reads a key the destination announced as pulled (0x20) from the destination alone', () => {
    const p = new FulvaClientProtocol();
    p.onReply(readReply(1n, Ver.FULVA_MCR_BEGIN), info(startTrailer()));
    assert.equal(p.route(read(2n, 0x01020304), SRC, 59).length, 2);
    const trailer = new Uint8Array([Ver.FULVA_MCR, 0, Ver.FULVA_SPH, 1, 1, 2, 3, 4]);
    p.onReply(readReply(2n, Ver.FULVA_MCR | Ver.FULVA_SPH | Ver.FROM_DESTINATION), info(trailer));
    assert.ok(p.pulledKeys.has(0x01020304));
    assert.deepEqual(
      p.route(read(3n, 0x01020304), SRC, 59).map((s) => s.addr.dstIp),
      [0x0a000020],
    );
  });

  it('Fulva treats a bounce from the retired source as "ask again", now at the destination', () => {
    const p = new FulvaClientProtocol();
    p.onReply(readReply(1n, Ver.FULVA_MCR_BEGIN), info(startTrailer()));
    const r = p.onReply(readReply(2n, Ver.BASELINE_RETRY | Ver.DOUBLE_READ), info());
    assert.equal('ver' in r ? r.ver : 0, Ver.RETRY_LATER);
    assert.equal(p.phase, 'after');
    assert.deepEqual(
      p.route(read(2n, 9), SRC, 59).map((s) => s.addr.dstIp),
      [0x0a000020],
    );
  });
});
