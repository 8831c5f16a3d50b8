// The typed IR (nodes.ts documents it) and the lowering that builds it from a checked program.

export { lowerToIr } from './lower.js';
export type * from './nodes.js';
