export { JsonLinesTraceSink, parseJsonLines } from './json-lines.js';
export {
  CollectingTraceSink,
  EventTraceSink,
  type Gress,
  hexFrame,
  type TraceEvent,
  type TraceSink,
  type TraceValue,
  traceValue,
} from './trace-sink.js';
