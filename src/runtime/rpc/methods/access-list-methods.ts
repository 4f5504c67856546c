/**
 * EIP-7928 block access lists as execution clients and dev nodes serve them: `eth_getBlockAccessList(block)`
 * (a number, tag or hash; `null` for a block that does not exist), the `ByBlockHash` / `ByBlockNumber`
 * variants, the RLP encoding (`debug_getRawBlockAccessList`, `eth_getBlockAccessListRaw`), and
 * `debug_getBlockAccessList`, the name this network served first, kept as an alias.
 */
import { findBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { blockParam, hashParam, maxParams, type BlockRef } from "../params.js";
import { invalidParams } from "../rpc-error.js";

import { blockAccessList, rawBlockAccessList } from "./block-access-list.js";

function byNumber(params: unknown[]): BlockRef {
  const ref = blockParam(params, 0, "blockNumber", true);
  if (ref.kind === "hash")
    throw invalidParams(
      "invalid value for parameter 0 (blockNumber): expected a number or tag, got a hash; use eth_getBlockAccessListByBlockHash",
    );
  return ref;
}

/** The access-list methods. */
export function accessListMethods(ctx: MethodContext): Record<string, MethodHandler> {
  const json = (ref: BlockRef): unknown => {
    const stored = findBlock(ctx.chain, ref);
    return stored === undefined ? null : blockAccessList(ctx.chain, stored);
  };
  const raw = (ref: BlockRef): unknown => {
    const stored = findBlock(ctx.chain, ref);
    return stored === undefined ? null : rawBlockAccessList(ctx.chain, stored);
  };
  const block = (p: unknown[]): BlockRef => {
    maxParams(p, 1);
    // A 32-byte hex string is a block hash here (a block number that large cannot exist).
    if (typeof p[0] === "string" && /^0x[0-9a-fA-F]{64}$/.test(p[0])) return { kind: "hash", hash: p[0].toLowerCase() };
    return blockParam(p, 0, "block", true);
  };
  return {
    eth_getBlockAccessList: (p) => json(block(p)),
    eth_getBlockAccessListByBlockHash: (p) => json({ kind: "hash", hash: hashParam(p, 0, "blockHash") }),
    eth_getBlockAccessListByBlockNumber: (p) => json(byNumber(p)),
    eth_getBlockAccessListRaw: (p) => raw(block(p)),
    debug_getRawBlockAccessList: (p) => raw(block(p)),
    debug_getBlockAccessList: (p) => json(block(p)),
  };
}
