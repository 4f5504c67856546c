/**
 * A worker lane of the sharded executor, ordered group by group. A group is the transactions predicted to
 * depend on each other: linked through a sender or a target the partition places in a shard (one pool with
 * its traders, one sender's nonces); shared targets (hubs such as a token every shard calls) link nothing.
 * Groups come in the order of their first transaction, each group's transactions in block order.
 *
 * Why: the main thread takes back the unstarted tail of a late worker lane (lanes/tail-steal.ts). In block
 * order a lane's tail holds the last swaps of every pool of the shard, each missing the writes of its pool's
 * earlier swaps that the worker ran — every stolen swap would fail validation and run again at its commit
 * point. Group by group, a steal takes whole groups (at the offsets returned here) and nothing it takes
 * depends on what the worker ran.
 *
 * Soundness does not depend on the grouping: a lane's order only decides what each speculative execution
 * sees; every result is validated by value against the committed state at its block position.
 */
import type { AddressHex, TxIndex } from "../../vocabulary.js";

import type { Envelope } from "./partitioner.js";

/** A lane in group order, with the offsets where each group starts. */
export interface GroupedLane {
  readonly txs: TxIndex[];
  readonly starts: number[];
}

/** Orders `lane` (block positions, ascending) group by group; `shared(a)` says whether a target links nothing. */
export function groupLane(
  lane: readonly TxIndex[],
  envelopes: readonly Envelope[],
  shared: (address: AddressHex) => boolean,
): GroupedLane {
  const parent = new Map<AddressHex, AddressHex>();
  const find = (a: AddressHex): AddressHex => {
    let root = a;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    for (let x = a, p = parent.get(x); p !== undefined && p !== root; x = p, p = parent.get(x)) parent.set(x, root);
    return root;
  };
  for (const j of lane) {
    const e = envelopes[j];
    if (e === undefined) continue;
    if (!parent.has(e.sender)) parent.set(e.sender, e.sender);
    if (e.to === undefined || e.to === e.sender || shared(e.to)) continue;
    if (!parent.has(e.to)) parent.set(e.to, e.to);
    const a = find(e.sender);
    const b = find(e.to);
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<AddressHex, TxIndex[]>();
  for (const j of lane) {
    const key = find(envelopes[j]?.sender ?? "");
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [j]);
    else group.push(j);
  }
  const txs: TxIndex[] = [];
  const starts: number[] = [];
  for (const group of groups.values()) {
    starts.push(txs.length);
    txs.push(...group);
  }
  return { txs, starts };
}
