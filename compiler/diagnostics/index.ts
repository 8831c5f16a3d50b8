export * from './diagnostic.js';
export { Msg } from './messages.js';
export * from './render.js';
