// `p4ts compile` then `p4ts switch` as real processes on loopback: the L2/L3 example
// (p4/examples/tna-l2l3.p4) is compiled to a build directory, served by a switch process,
// given entries with `p4ts ctl`, and frames sent from host sockets come out where the
// program says: L2 forwarding unchanged, L3 routing with a new MAC, TTL - 1 and a correct
// IPv4 checksum, and a corrupted checksum dropped.

import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(here, 'run-p4ts.js');
const ROOT = join(here, '..', '..', '..');
const PROGRAM = join(ROOT, 'p4', 'examples', 'tna-l2l3.p4');

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ENTRY, ...args], { timeout: 60_000 }, (e, stdout, stderr) => {
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, stdout, stderr });
    });
  });
}

interface Host {
  socket: Socket;
  port: number;
  frames: Buffer[];
}

async function openHost(): Promise<Host> {
  const socket = createSocket('udp4');
  const frames: Buffer[] = [];
  socket.on('message', (m) => frames.push(m));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, port: socket.address().port, frames };
}

async function waitFor(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const mac = (m: string) => m.split(':').map((x) => Number.parseInt(x, 16));

function checksum(h: number[]): number {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += ((h[i] as number) << 8) | (h[i + 1] as number);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ipv4Frame(dst: string, src: string, ipDst: number[], ttl: number, corrupt = false): Buffer {
  const ip = [0x45, 0, 0, 28, 0, 1, 0, 0, ttl, 17, 0, 0, 10, 0, 1, 2, ...ipDst];
  const ck = checksum(ip) ^ (corrupt ? 1 : 0);
  ip[10] = ck >> 8;
  ip[11] = ck & 0xff;
  return Buffer.from([...mac(dst), ...mac(src), 0x08, 0x00, ...ip, 0x30, 0x39, 0x1f, 0x90, 0, 8, 0, 0]);
}

describe('p4ts compile + p4ts switch as child processes', () => {
  let dir: string;
  let build: string;
  let child: ChildProcess;
  let hosts: Host[] = [];
  let switchPorts: Record<string, string> = {};
  let control = '';
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'p4ts-compiled-'));
    build = join(dir, 'build');
    const c = await run('compile', PROGRAM, '-o', build);
    assert.equal(c.code, 0, c.stderr);
    hosts = await Promise.all([openHost(), openHost(), openHost()]);
    const portArgs = hosts.flatMap((h, i) => ['--port', `${i + 1}=127.0.0.1:0,peer=127.0.0.1:${h.port}`]);
    child = spawn(process.execPath, [ENTRY, 'switch', build, ...portArgs, '--control', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the switch did not start: ${stderr}`)), 15_000);
      child.stdout?.on('data', (d) => {
        out += String(d);
        const nl = out.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(out.slice(0, nl));
        }
      });
      child.once('exit', (code) => reject(new Error(`the switch exited with ${code}: ${stderr}`)));
    });
    const listening = JSON.parse(line) as { ports: Record<string, string>; control: string };
    switchPorts = listening.ports;
    control = listening.control;
    for (const args of [
      [
        'table',
        'add',
        'SwitchIngress.dmac',
        '--match',
        'hdr.ethernet.dst_addr=00:00:00:00:02:02',
        '--action',
        'SwitchIngress.l2_forward',
        '--param',
        'port=2',
      ],
      [
        'table',
        'add',
        'SwitchIngress.dmac',
        '--match',
        'hdr.ethernet.dst_addr=00:00:00:00:00:fe',
        '--action',
        'SwitchIngress.l3_route',
      ],
      [
        'table',
        'add',
        'SwitchIngress.ipv4_lpm',
        '--match',
        'hdr.ipv4.dst_addr=10.0.3.0/24',
        '--action',
        'SwitchIngress.next_hop',
        '--param',
        'port=3',
        '--param',
        'dst_mac=00:00:00:00:03:02',
      ],
    ]) {
      const r = await run('ctl', '--control', control, ...args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
    }
  });

  after(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    for (const h of hosts) h.socket.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const sendFrom = (host: number, f: Buffer) => {
    const [address, port] = (switchPorts[String(host + 1)] as string).split(':');
    (hosts[host] as Host).socket.send(f, Number(port), address);
  };

  test('p4ts compile wrote pipeline.js, pipeline.d.ts and p4info.json', () => {
    for (const f of ['pipeline.js', 'pipeline.d.ts', 'p4info.json']) assert.ok(existsSync(join(build, f)), f);
  });

  test('an L2 frame to a known MAC leaves on its port unchanged', async () => {
    const f = Buffer.from([...mac('00:00:00:00:02:02'), ...mac('00:00:00:00:01:02'), 0x88, 0xb5, 1, 2, 3, 4]);
    sendFrom(0, f);
    await waitFor('the frame on port 2', () => (hosts[1] as Host).frames.length > 0);
    assert.deepEqual((hosts[1] as Host).frames[0], f);
  });

  test('a routed IPv4 frame gets the next hop MAC, the router MAC, TTL - 1 and a correct checksum', async () => {
    sendFrom(0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 5], 64));
    await waitFor('the frame on port 3', () => (hosts[2] as Host).frames.length > 0);
    const out = (hosts[2] as Host).frames[0] as Buffer;
    assert.deepEqual([...out.subarray(0, 12)], [...mac('00:00:00:00:03:02'), ...mac('00:00:00:00:00:fe')]);
    assert.equal(out[14 + 8], 63);
    assert.equal(checksum([...out.subarray(14, 34)]), 0);
  });

  test('a routed frame with a corrupted IPv4 checksum is dropped', async () => {
    const before = (hosts[2] as Host).frames.length;
    sendFrom(0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 6], 64, true));
    sendFrom(0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 7], 64));
    await waitFor('the good frame', () => (hosts[2] as Host).frames.length > before);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((hosts[2] as Host).frames.length, before + 1);
    assert.equal((hosts[2] as Host).frames[before]?.[33], 7);
  });
});

describe('p4ts check exit codes', () => {
  test('0 for a program without errors, 1 for a program with errors, 2 for a missing file', async () => {
    assert.equal((await run('check', PROGRAM)).code, 0);
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-check-'));
    try {
      const bad = join(dir, 'bad.p4');
      writeFileSync(bad, '#include <tna.p4>\nconst bit<8> X = undefined_name;\n');
      const r = await run('check', bad);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /bad\.p4:2:\d+: error:/);
      assert.equal((await run('check', join(dir, 'missing.p4'))).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
