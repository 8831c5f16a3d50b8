// The KV server: store, request handling and migration hooks (the wire format and the NIC are in wire/).
export * from './calibrate.js';
export * from './capacity.js';
export * from './cli-options.js';
export * from './errors.js';
export * from './handler.js';
export * from './migration/index.js';
export * from './server.js';
export * from './store/index.js';
