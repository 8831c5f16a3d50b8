// The control channel between a KV server or client process and the orchestrator that
// spawned it: JSON objects, one per line on stdin/stdout, or messages over Node's IPC channel
// when the process was spawned with one. The process also ends cleanly when its parent goes
// away (stdin closes or the IPC channel disconnects) or on SIGINT/SIGTERM.

import { createInterface } from 'node:readline';

export type ControlMode = 'stdio' | 'ipc' | 'none';

export interface ControlChannel {
  send(message: Record<string, unknown>): void;
}

/** JSON with bigints as strings and byte arrays as their length (reports are for people and plots). */
export function toJson(message: unknown): string {
  return JSON.stringify(message, (_k, v) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? v.length : v,
  );
}

/**
 * Opens the channel. `onCommand` gets every command object; `onEnd` runs once when the
 * process should end (parent gone, signal), with the reason.
 */
export function openControl(
  mode: ControlMode,
  onCommand: (cmd: Record<string, unknown>) => void,
  onEnd: (reason: string) => void,
): ControlChannel {
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    onEnd(reason);
  };
  process.once('SIGINT', () => end('SIGINT'));
  process.once('SIGTERM', () => end('SIGTERM'));
  const accept = (raw: unknown) => {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) onCommand(raw as Record<string, unknown>);
  };
  if (mode === 'ipc' && typeof process.send === 'function') {
    process.on('message', accept);
    process.once('disconnect', () => end('parent disconnected'));
    return { send: (m) => process.send?.(JSON.parse(toJson(m))) };
  }
  if (mode === 'stdio') {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      try {
        accept(JSON.parse(line));
      } catch {
        process.stdout.write(`${toJson({ event: 'error', message: `not JSON: ${line.slice(0, 80)}` })}\n`);
      }
    });
    lines.once('close', () => end('stdin closed'));
    return { send: (m) => process.stdout.write(`${toJson(m)}\n`) };
  }
  return { send: () => {} };
}
