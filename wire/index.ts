// The KV wire format: addresses, Ethernet/IPv4/UDP framing, op codes, messages and codecs.
export * from './addresses.js';
export * from './codec.js';
export * from './errors.js';
export * from './frame.js';
export type * from './message.js';
export * from './ops.js';
