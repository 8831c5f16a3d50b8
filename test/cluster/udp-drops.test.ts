import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSnmpUdp, parseSocketDrops, udpCounterDelta } from '../../cluster/udp-drops.js';

const SNMP = `Ip: Forwarding DefaultTTL
Ip: 1 64
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 316837105 14297 907106 317790899 907100 3 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 0 0 0 0 0 0 0
`;

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 3765: 0100007F:84D8 00000000:0000 07 00000000:00017AD1 00:00000000 00000000     0        0 4432153 2 000000003b5092fd 0
 5250: 0100007F:8AA5 00000000:0000 07 00000000:00000500 00:00000000 00000000     0        0 4432154 2 000000002367fe69 17
`;

describe('UDP loss counters', () => {
  it('reads the Udp line of /proc/net/snmp by column name (not UdpLite)', () => {
    assert.deepEqual(parseSnmpUdp(SNMP), {
      inDatagrams: 316837105,
      inErrors: 907106,
      rcvbufErrors: 907100,
      sndbufErrors: 3,
    });
    assert.equal(parseSnmpUdp('Ip: a\nIp: 1\n'), undefined);
  });

  it('a delta is the counters gained between two readings', () => {
    const a = { inDatagrams: 10, inErrors: 1, rcvbufErrors: 1, sndbufErrors: 0 };
    const b = { inDatagrams: 110, inErrors: 4, rcvbufErrors: 3, sndbufErrors: 0 };
    assert.deepEqual(udpCounterDelta(a, b), { inDatagrams: 100, inErrors: 3, rcvbufErrors: 2, sndbufErrors: 0 });
  });

  it("reads each socket's drops by local port from /proc/net/udp", () => {
    const drops = parseSocketDrops(UDP);
    assert.equal(drops.get(0x84d8), 0);
    assert.equal(drops.get(0x8aa5), 17);
    assert.equal(drops.size, 2);
  });
});
