/**
 * Where each call frame of a transaction runs under a placement. A frame entering a placed account runs on
 * that account's shard. A frame entering a replicated account (read-only in the traffic, access-graph.ts: a
 * stateless router, a registry) runs wherever its caller runs; a replicated entry contract runs on the shard of
 * the first placed account the transaction calls (the transaction is routed there). A call crosses a shard
 * when its frame runs on another shard than its caller's frame.
 *
 * Frames are recorded in the order they start; the caller of a frame is the latest earlier frame that entered
 * the frame's sender.
 */
import type { CallFrame } from "../../runtime/execution-record.js";

/** Shard of a placed account, undefined for a replicated or unknown one. */
export type ShardOf = (address: string) => number | undefined;

/** Index of the frame that made frame `i`, or -1 (the entry frame, or an unknown caller). */
export function callerIndex(frames: readonly CallFrame[], i: number): number {
  const from = frames[i]?.from;
  for (let j = i - 1; j >= 0; j--) if (frames[j]?.to === from) return j;
  return -1;
}

/** The shard each frame runs on (see the header); undefined when no frame touches a placed account. */
export function frameShards(frames: readonly CallFrame[], shardOf: ShardOf): Array<number | undefined> {
  const firstPlaced = frames.map((f) => shardOf(f.to)).find((s) => s !== undefined);
  const out: Array<number | undefined> = [];
  frames.forEach((frame, i) => {
    const own = shardOf(frame.to);
    if (own !== undefined) out.push(own);
    else if (i === 0) out.push(firstPlaced);
    else {
      const caller = callerIndex(frames, i);
      out.push(caller < 0 ? firstPlaced : out[caller]);
    }
  });
  return out;
}

/** A call that crosses a shard: frame `index` made by frame `caller`. */
export interface CrossingCall {
  readonly index: number;
  readonly caller: number;
  readonly callerShard: number;
  readonly calleeShard: number;
}

/** The calls of a transaction that cross a shard (the entry frame from the sender never does). */
export function crossingCalls(frames: readonly CallFrame[], shardOf: ShardOf): CrossingCall[] {
  const shards = frameShards(frames, shardOf);
  const out: CrossingCall[] = [];
  for (let index = 1; index < frames.length; index++) {
    const caller = callerIndex(frames, index);
    const callerShard = caller < 0 ? undefined : shards[caller];
    const calleeShard = shards[index];
    if (callerShard !== undefined && calleeShard !== undefined && callerShard !== calleeShard)
      out.push({ index, caller, callerShard, calleeShard });
  }
  return out;
}
