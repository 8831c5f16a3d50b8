// Migration strategy hooks (the agents themselves live beside this file).
export * from './strategy.js';
