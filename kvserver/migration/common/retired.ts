// What serves a shard after its source handed it over: nothing. A request that still reaches
// it (sent before the route changed) is dropped, so the client's retry takes the new route,
// or, for protocols whose clients understand it, answered with a "go elsewhere" flag.

import { notFoundValue } from '../../../wire/codec.js';
import type { MigrationStrategy } from '../strategy.js';
import { flagReply } from './replies.js';

export function retiredShard(
  protocol: string,
  replyVer: number | undefined,
  counters: { retiredRequests: number },
): MigrationStrategy {
  let notFound: Uint8Array | undefined;
  return {
    name: `${protocol}-retired`,
    start() {},
    onRequest(req, ctx) {
      counters.retiredRequests++;
      if (replyVer !== undefined) {
        notFound ??= notFoundValue(ctx.valueBytes);
        ctx.reply(req, flagReply(req.msg, ctx.shard.dbPort, replyVer, notFound));
      }
      return 'handled';
    },
    onControl: () => false,
    finish: () => Promise.resolve(),
    abort() {},
  };
}
