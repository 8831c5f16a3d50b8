// Test hosts for switch-process tests: a UDP socket on loopback that keeps every datagram it
// receives, and a bounded wait for a condition on them.

import { createSocket, type Socket } from 'node:dgram';

export interface Host {
  socket: Socket;
  frames: Buffer[];
  port: number;
}

export async function openHost(): Promise<Host> {
  const socket = createSocket('udp4');
  const frames: Buffer[] = [];
  socket.on('message', (m) => frames.push(m));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, frames, port: socket.address().port };
}

/** Polls `cond` until it holds; the deadline is only a hang guard. */
export async function waitFor(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
