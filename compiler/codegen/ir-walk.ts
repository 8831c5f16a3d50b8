// The walks the generator needs before emitting (every call in a body: the header type a
// Mirror emits, whether a control reads parser_err), on the shared IR walker (ir/visit.ts).

export { forEachCall as forEachCallInStmts } from '../ir/visit.js';
