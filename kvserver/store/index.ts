// The KV store: the Redis-shaped dictionary (the key → bucket → group hash is wire/key-hash.ts).
export * from './dict.js';
