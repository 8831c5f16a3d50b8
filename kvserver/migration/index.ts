// Migration strategy hooks and the agents of the four protocols.
export * from './common/index.js';
export * from './fulva.js';
export * from './netmigrate.js';
export * from './protocols.js';
export * from './rocksteady.js';
export * from './source-based.js';
export * from './strategy.js';
