export * from './bits.js';
export * from './externs/index.js';
export * from './ports/index.js';
export { describeValue, type Err, err, type Ok, ok, type Result } from './result.js';
export * from './tables/index.js';
export * from './trace/index.js';
