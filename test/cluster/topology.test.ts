// The cabling of a run: every host (clients and the loader included) has a reserved NIC port,
// the switch gets each as its port's peer, and each host binds exactly that port.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import { clientSpec, loaderSpec, sourceSpec, switchSpec } from '../../cluster/experiment-processes.js';
import { allHosts, planTopology, reservedPortRange, reserveUdpPorts } from '../../cluster/topology.js';

const argAfter = (args: readonly string[], flag: string) => args[args.indexOf(flag) + 1];

describe('topology', () => {
  it('reserves a distinct NIC port for every host and cables every switch port to it', async () => {
    const t = await planTopology(2);
    const hosts = allHosts(t);
    const nicPorts = hosts.map((h) => h.nicPort);
    assert.equal(new Set(nicPorts).size, hosts.length);
    assert.ok(nicPorts.every((p) => Number.isInteger(p) && p > 0));
    const sw = switchSpec('build', t, DEFAULT_CONFIG);
    const ports = sw.args.filter((_, i) => sw.args[i - 1] === '--port');
    assert.deepEqual(
      ports,
      hosts.map((h) => `${h.port}=127.0.0.1:0,peer=127.0.0.1:${h.nicPort},${DEFAULT_CONFIG.framing}`),
    );
  });

  it('reserves ports below the ephemeral range, where no bind(0) of another process can take them', async (t) => {
    const range = reservedPortRange();
    if (range === undefined) return t.skip('no /proc/sys/net/ipv4/ip_local_port_range here');
    const ports = await reserveUdpPorts(20);
    assert.equal(new Set(ports).size, 20);
    for (const p of ports) assert.ok(p >= range.low && p <= range.high, `${p} outside ${range.low}-${range.high}`);
  });

  it('each client, the loader and the servers bind the NIC port the switch expects', async () => {
    const t = await planTopology(2);
    const c = DEFAULT_CONFIG;
    assert.equal(argAfter(clientSpec(1, t, '127.0.0.1:1', c, 'h').args, '--nic-port'), String(t.clients[1]?.nicPort));
    assert.equal(argAfter(loaderSpec(t, '127.0.0.1:1', c, 'h').args, '--nic-port'), String(t.loader.nicPort));
    assert.equal(argAfter(sourceSpec(t, '127.0.0.1:1', c).args, '--nic-port'), String(t.source.nicPort));
  });
});
