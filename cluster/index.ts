// The experiment cluster: processes as one group, the child side of its lifeline, the live
// progress display, and the results model of a run (record, timeline, summary).
export * from './child-lifeline.js';
export { runComparison } from './compare.js';
export * from './controller/index.js';
export { DEFAULT_CONFIG, validateConfig } from './experiment-config.js';
export * from './latency-histogram.js';
export { ensureNetMigrateBuild, isBuildFresh } from './netmigrate-build.js';
export { runExperiment } from './orchestrator.js';
export * from './process-group.js';
export * from './progress.js';
export * from './results.js';
export * from './run-record.js';
export * from './timeline.js';
