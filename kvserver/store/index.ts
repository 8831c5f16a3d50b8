// The KV store: the Redis-shaped dictionary and the key → bucket → group hash.
export * from './dict.js';
export * from './key-hash.js';
