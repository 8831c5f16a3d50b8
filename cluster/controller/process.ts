// The controller as a process (bin/controller.ts is its argument parser): connects to the
// switch's control plane, runs NetMigrateController, relays its events to the parent as JSON
// lines (or IPC messages) and takes commands: redirect (the baselines' route switch), state,
// stop. It ends with its parent (stdin closes, IPC disconnects) or on SIGINT/SIGTERM.

import type { Logger } from 'pino';
import { type ControlMode, openControl } from '../../kvserver/process-control.js';
import { ControlClient } from '../../runtime/control/client.js';
import { NetMigrateController } from './controller.js';
import type { HostEntry } from './host-map.js';
import type { ShardAddress } from './pair-digest.js';

export interface ControllerProcessOptions {
  readonly control: { readonly host: string; readonly port: number };
  readonly hosts: readonly HostEntry[];
  readonly recirculationPort?: number;
  /** A profile name (profiles.ts), or `auto` (default): the one the running program fits. */
  readonly profile?: string;
  /** Hosts whose ports may send migration control (default: every host). */
  readonly migrationPeers?: readonly string[];
  readonly mode: ControlMode;
  readonly logger: Logger;
}

function shardOf(v: unknown): ShardAddress | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { ip, dbPort } = v as { ip?: unknown; dbPort?: unknown };
  return Number.isInteger(ip) && Number.isInteger(dbPort) ? { ip: ip as number, dbPort: dbPort as number } : undefined;
}

/** The controller's exit code when its switch's control connection ends under it. */
export const SWITCH_LOST_EXIT = 3;

/**
 * Runs until the parent goes away or says stop; resolves with the exit code (0, 1 when setup
 * failed, SWITCH_LOST_EXIT when the switch went away).
 */
export async function runControllerProcess(o: ControllerProcessOptions): Promise<number> {
  const client = await ControlClient.connect({ host: o.control.host, port: o.control.port });
  if (!client.ok) {
    o.logger.error(client.message);
    process.stderr.write(`controller: ${client.message}\n`);
    return 1;
  }
  const started = await NetMigrateController.start({
    control: client.value,
    hosts: o.hosts,
    logger: o.logger,
    ...(o.profile === undefined ? {} : { profile: o.profile }),
    ...(o.migrationPeers === undefined ? {} : { migrationPeers: o.migrationPeers }),
    ...(o.recirculationPort === undefined ? {} : { recirculationPort: o.recirculationPort }),
  });
  if (!started.ok) {
    process.stderr.write(`controller: ${started.message}\n`);
    await client.value.close();
    return 1;
  }
  const controller = started.value;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const channel = openControl(
    o.mode,
    (cmd) => {
      switch (cmd.cmd) {
        case 'redirect': {
          const source = shardOf(cmd.source);
          const destination = shardOf(cmd.destination);
          if (source === undefined || destination === undefined) {
            channel.send({ event: 'error', message: 'redirect needs source and destination {ip, dbPort}' });
            return;
          }
          void controller.installShardRedirect(source, destination).then((r) => {
            if (!r.ok) channel.send({ event: 'error', message: r.message });
          });
          return;
        }
        case 'cancel': {
          const source = shardOf(cmd.source);
          if (source === undefined) {
            channel.send({ event: 'error', message: 'cancel needs source {ip, dbPort}' });
            return;
          }
          void controller.cancelMigration(source).then((r) => {
            if (!r.ok) channel.send({ event: 'error', message: r.message });
          });
          return;
        }
        case 'digest': {
          // A pair digest the switch raised while this controller was down, replayed by the
          // orchestrator from what the servers reported (docs/faults.md "Process faults").
          const source = shardOf(cmd.source);
          const destination = shardOf(cmd.destination);
          const nums = [cmd.op, cmd.sizeExp, cmd.remainExp];
          if (source === undefined || destination === undefined || !nums.every(Number.isInteger)) {
            channel.send({ event: 'error', message: 'digest needs op, source, destination, sizeExp, remainExp' });
            return;
          }
          const d = {
            op: cmd.op as number,
            source,
            destination,
            sizeExp: cmd.sizeExp as number,
            remainExp: cmd.remainExp as number,
          };
          void controller.handleDigest(d).then((r) => {
            if (!r.ok) channel.send({ event: 'error', message: r.message });
          });
          return;
        }
        case 'state':
          channel.send({ event: 'state', pairs: controller.pairStates() });
          return;
        case 'stop':
          finish(0);
          return;
        default:
          channel.send({ event: 'error', message: `unknown command ${String(cmd.cmd)}` });
      }
    },
    () => finish(0),
  );
  controller.onEvent((e) => channel.send({ ...e, event: 'controller' }));
  // Without its switch the controller can neither route nor hear digests: say so and exit.
  client.value.onClose((byUs) => {
    if (byUs) return;
    const message = `lost the switch: its control plane at ${o.control.host}:${o.control.port} closed the connection`;
    o.logger.error(message);
    process.stderr.write(`controller: ${message}\n`);
    channel.send({ event: 'error', message });
    finish(SWITCH_LOST_EXIT);
  });
  channel.send({
    event: 'ready',
    hosts: o.hosts.length,
    profile: controller.profile.name,
    pairs: controller.pairStates(),
  });
  const code = await finished;
  await controller.close();
  return code;
}
