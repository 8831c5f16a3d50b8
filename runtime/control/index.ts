export { ControlClient, type ControlClientOptions, type ControlResult, type DigestNotification } from './client.js';
export {
  formatFieldMatch,
  formatFieldValue,
  parseFieldMatch,
  parseFieldValue,
  parseInteger,
  parseMatch,
  parseParams,
} from './json-values.js';
export { type ControlTarget, callMethod, METHODS } from './methods.js';
export {
  type ControlErrorCode,
  decodeLine,
  encodeMessage,
  errorResponse,
  jsonRpcCodeOf,
  MAX_LINE_BYTES,
  resultResponse,
} from './protocol.js';
export { type ControlServer, type ControlServerOptions, startControlServer } from './server.js';
