// `p4ts switch` as a real child process on loopback: a build directory holding the engine
// fixture (p4info.json + a pipeline.js that re-exports the hand-written fixture module),
// entries installed through the control plane (client library and `p4ts ctl`), frames sent
// from host sockets and checked where they come out.

import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ControlClient, type DigestNotification } from '../../runtime/control/client.js';
import { parseJsonLines } from '../../runtime/trace/json-lines.js';
import { ENGINE_FIXTURE_P4INFO } from '../runtime/fixtures/engine-fixture-p4info.js';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(here, 'run-switch.js');
const FIXTURE = join(here, '../runtime/fixtures/engine-fixture-pipeline.js');
const MAC_A = '02:00:00:00:00:aa';
const MAC_B = '02:00:00:00:00:bb';

function frame(dst: string, src: string, etherType: number, payload: number[]): Buffer {
  const mac = (m: string) => m.split(':').map((x) => Number.parseInt(x, 16));
  return Buffer.from([...mac(dst), ...mac(src), etherType >> 8, etherType & 0xff, ...payload]);
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

function ctl(control: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ENTRY, 'ctl', '--control', control, ...args],
      { timeout: 10_000 },
      (e, stdout, stderr) => {
        resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, stdout, stderr });
      },
    );
  });
}

describe('p4ts switch as a child process', () => {
  let dir: string;
  let child: ChildProcess;
  let hosts: Host[] = [];
  let switchPorts: Record<string, string> = {};
  let control = '';
  let client: ControlClient;
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'p4ts-switch-'));
    writeFileSync(join(dir, 'p4info.json'), JSON.stringify(ENGINE_FIXTURE_P4INFO, null, 2));
    writeFileSync(join(dir, 'pipeline.js'), `export * from ${JSON.stringify(pathToFileURL(FIXTURE).href)};\n`);
    hosts = await Promise.all([openHost(), openHost(), openHost()]);
    const portArgs = hosts.flatMap((h, i) => ['--port', `${i + 1}=127.0.0.1:0,peer=127.0.0.1:${h.port}`]);
    child = spawn(
      process.execPath,
      [
        ENTRY,
        'switch',
        dir,
        ...portArgs,
        '--control',
        '127.0.0.1:0',
        '--pcap',
        dir,
        '--trace',
        join(dir, 'trace.jsonl'),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the switch did not start: ${stderr}`)), 10_000);
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
    const c = await ControlClient.connect({ port: Number(control.split(':')[1]) });
    if (!c.ok) throw new Error(c.message);
    client = c.value;
  });

  after(async () => {
    await client?.close();
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

  test('the switch reports its bound ports and control address', () => {
    assert.deepEqual(Object.keys(switchPorts), ['1', '2', '3']);
    assert.match(control, /^127\.0\.0\.1:\d+$/);
  });

  test('an entry installed through the control plane forwards frames from host 1 to host 2', async () => {
    const add = await client.tableAdd('forward', [MAC_B], 'set_port', { port: 2 });
    assert.ok(add.ok, add.ok ? '' : add.message);
    const f = frame(MAC_B, MAC_A, 0x88b5, [1, 2, 3, 4, 5, 6]);
    sendFrom(0, f);
    const h2 = hosts[1] as Host;
    await waitFor('a frame on host 2', () => h2.frames.length > 0);
    assert.deepEqual(h2.frames[0], f);
  });

  test('`p4ts ctl` adds a mirror session and dumps the table', async () => {
    const m = await ctl(control, 'mirror', 'add', '--session', '10', '--port', '3', '--direction', 'ingress');
    assert.equal(m.code, 0, m.stderr);
    const t = await ctl(
      control,
      'table',
      'add',
      'mirror_select',
      '--match',
      `hdr.ethernet.src_addr=${MAC_A}&&&ff:ff:ff:ff:ff:ff`,
      '--priority',
      '1',
      '--action',
      'mirror_i2e',
      '--param',
      'session=10',
    );
    assert.equal(t.code, 0, t.stderr);
    const d = await ctl(control, 'table', 'dump', 'forward');
    assert.equal(d.code, 0, d.stderr);
    assert.equal((JSON.parse(d.stdout) as { entries: unknown[] }).entries.length, 1);
    const bad = await ctl(control, 'table', 'dump', 'nope');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /INVALID_TABLE_NAME/);
    const h3 = hosts[2] as Host;
    const f = frame(MAC_B, MAC_A, 0x88b5, [9, 9, 9]);
    sendFrom(0, f);
    await waitFor('the mirror copy on host 3', () => h3.frames.length > 0);
    assert.equal(h3.frames[0]?.[11], 2, 'the egress saw the I2E mirror header');
  });

  test('a digest reaches a subscribed client', async () => {
    const got: DigestNotification[] = [];
    const sub = await client.watchDigests((d) => got.push(d));
    assert.ok(sub.ok);
    sendFrom(2, frame(MAC_B, '02:00:00:00:00:cc', 0x88b7, [0]));
    await waitFor('a digest', () => got.length > 0);
    assert.deepEqual(got[0]?.fields, { src_addr: '0x200000000cc', ingress_port: 3 });
  });

  test('malformed frames are dropped and counted; the register counts the packets; the switch keeps running', async () => {
    sendFrom(0, Buffer.from([1, 2, 3]));
    sendFrom(0, frame(MAC_B, MAC_A, 0x0800, [0x45]));
    type Stats = { malformedFrames: number; engine: { drops: Record<string, number> } };
    let stats: Stats | undefined;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const r = await client.call<Stats>('ports.stats');
      if (r.ok) stats = r.value;
      if (stats !== undefined && stats.malformedFrames === 1 && stats.engine.drops.ingress_parser_error === 1) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    assert.equal(stats?.malformedFrames, 1);
    assert.equal(stats?.engine.drops.ingress_parser_error, 1);
    const reg = await client.registerRead('port_pkts', 1);
    assert.ok(reg.ok);
    assert.deepEqual(reg.value.values, [2]);
    assert.equal(child.exitCode, null);
  });

  test('SIGTERM closes the switch cleanly: exit 0, pcap files and the trace written', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const files = readdirSync(dir);
    assert.ok(files.includes('port1-in.pcap'), files.join(' '));
    assert.ok(files.includes('port2-out.pcap'), files.join(' '));
    const { events, badLines } = parseJsonLines(readFileSync(join(dir, 'trace.jsonl'), 'utf8'));
    assert.deepEqual(badLines, []);
    assert.ok(events.some((e) => e.event === 'packetOut' && e.port === 2));
  });
});
