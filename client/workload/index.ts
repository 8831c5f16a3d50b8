// YCSB-style workload generation: seeded PRNG, key choosers, keys and values, workloads.
export * from './keys.js';
export * from './prng.js';
export * from './ycsb.js';
export * from './zipfian.js';
