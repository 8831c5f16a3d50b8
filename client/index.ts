// The YCSB client: workloads, the driver, request tracking, metrics, history and the checker.
export * from './check.js';
export * from './cli-options.js';
export * from './driver.js';
export * from './history.js';
export * from './metrics.js';
export * from './protocols/index.js';
export * from './tracker.js';
export * from './workload/index.js';
