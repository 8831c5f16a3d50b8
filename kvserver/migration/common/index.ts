// Machinery the migration protocols share.
export * from './channel.js';
export * from './destination-agent.js';
export * from './destination-store.js';
export * from './group-plan.js';
export * from './peer.js';
export * from './progress.js';
export * from './puller.js';
export * from './rate.js';
export * from './replies.js';
export * from './retired.js';
export * from './source-agent.js';
