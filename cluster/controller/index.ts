// The NetMigrate controller: the library behind bin/controller.ts (and the orchestrator).
export * from './controller.js';
export * from './host-map.js';
export * from './pair-digest.js';
export * from './profile.js';
export * from './profiles.js';
