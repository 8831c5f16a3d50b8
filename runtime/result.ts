// The runtime's Result shape lives in the contract module (contract/result.ts), shared with
// the wire layer and the hosts; this re-export keeps the runtime's own imports short.
export * from '../contract/result.js';
