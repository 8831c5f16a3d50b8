// Record numbers → 4-byte keys, and the values clients write: defined in wire/records.ts,
// which the servers' preload shares, and re-exported here for the workload code.

export * from '../../wire/records.js';
