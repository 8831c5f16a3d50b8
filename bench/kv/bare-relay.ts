// The bare relay that `bench/kv/switch` puts where the switch would be: its own process, two
// loopback sockets (one facing the client, one facing the server), every datagram forwarded
// as is to the other side, nothing else. It is the floor for a process in the path: what one
// extra hop costs in wake-ups and syscalls with no per-frame work at all.
// Run by the bench: node dist/bench/kv/bare-relay.js CLIENT_NIC_PORT SERVER_PORT
// (prints {"client":PORT,"server":PORT}: where the client and the server should send).

import { createSocket, type Socket } from 'node:dgram';

const [clientNic, server] = process.argv.slice(2).map(Number) as [number, number];

function bound(): Promise<Socket> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
}

const facingClient = await bound();
const facingServer = await bound();
facingClient.on('message', (msg) => facingServer.send(msg, server, '127.0.0.1'));
facingServer.on('message', (msg) => facingClient.send(msg, clientNic, '127.0.0.1'));
process.stdout.write(
  `${JSON.stringify({ client: facingClient.address().port, server: facingServer.address().port })}\n`,
);
process.once('SIGTERM', () => {
  facingClient.close();
  facingServer.close();
});
