// The experiment cluster: processes as one group, the child side of its lifeline, the live
// progress display, and the results model of a run (record, timeline, summary).
export * from './child-lifeline.js';
export * from './latency-histogram.js';
export * from './process-group.js';
export * from './progress.js';
export * from './results.js';
export * from './run-record.js';
export * from './timeline.js';
