// The typed IR (nodes.ts documents it), the lowering that builds it from a checked program,
// and the two walkers every later phase uses (visit.ts reads, rewrite.ts rebuilds).

export { lowerToIr } from './lower.js';
export type * from './nodes.js';
export * from './rewrite.js';
export * from './visit.js';
