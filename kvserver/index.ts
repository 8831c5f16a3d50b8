// The KV server: store, wire format, networking, request handling and migration hooks.
export * from './calibrate.js';
export * from './capacity.js';
export * from './cli-options.js';
export * from './errors.js';
export * from './handler.js';
export * from './migration/index.js';
export * from './net/index.js';
export * from './protocol/index.js';
export * from './server.js';
export * from './store/index.js';
