// The child's half of cluster/process-group.ts: tell the parent "ready" with your addresses,
// and exit when the parent is gone (its IPC channel disconnects or stdin ends), so that no
// process of an experiment outlives the orchestrator, even one killed with SIGKILL.

/** The readiness message, over IPC when there is a channel, else as a first stdout JSON line. */
export function reportReady(info: Record<string, unknown> = {}): void {
  const msg = { ...info, event: 'ready' };
  if (typeof process.send === 'function' && process.connected) process.send(msg);
  else process.stdout.write(`${JSON.stringify(msg)}\n`);
}

/**
 * Calls `onParentGone` (default: exit with code 1) once, when the parent's IPC channel
 * disconnects or, without a channel, when stdin ends. Neither watch keeps the process alive.
 */
export function exitWithParent(onParentGone: () => void = () => process.exit(1)): void {
  let called = false;
  const gone = () => {
    if (called) return;
    called = true;
    onParentGone();
  };
  if (process.channel !== undefined) {
    process.once('disconnect', gone);
    process.channel.unref();
    return;
  }
  const stdin = process.stdin;
  stdin.once('end', gone);
  stdin.once('close', gone);
  stdin.once('error', gone);
  stdin.on('data', () => {});
  stdin.resume();
  (stdin as unknown as { unref?: () => void }).unref?.();
}
