// Client-side behaviour per migration protocol.
export * from './fulva.js';
export * from './plain.js';
export * from './protocol.js';
export * from './rocksteady.js';
export * from './select.js';
