/**
 * The development methods Hardhat's network offers and test suites use: `evm_*` (snapshots, mining, time,
 * automine, interval mining, gas limit) and `hardhat_*` (state edits, impersonation, coinbase, base fee,
 * prevRandao, dropping a pending transaction, metadata, reset).
 */
import { keccak256 } from "../../crypto/keccak.js";
import { addCodeWrite } from "../../state/account-data.js";
import { quantity, toHex } from "../../util/hex.js";
import { balanceKey, nonceKey, storageKey } from "../../vocabulary.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import {
  addressParam,
  boolParam,
  dataParam,
  hashParam,
  maxParams,
  optional,
  quantityParam,
  refuseUpperPrefix,
  slotParam,
} from "../params.js";
import { RpcError, invalidArgument, invalidParams, refused, refusedInParsing } from "../rpc-error.js";

/** Timers of interval mining, per context. */
export interface IntervalMining {
  set(ms: number | [number, number]): void;
  stop(): void;
}

/** Fewer remaining blocks than this are mined one by one; more are reserved (Hardhat's network's rule). */
const MIN_RESERVED_BLOCKS = 6n;

/** A count read as Hardhat's network reads it: hex, decimal digits, or a JSON number. */
function lenientQuantity(params: unknown[], index: number, name: string): bigint {
  return quantityParam(params, index, name, true);
}

/**
 * `hardhat_mine` as Hardhat's network runs it: the first block without the interval, more blocks while
 * transactions are pending, one more block, then the rest — mined one by one when fewer than six remain,
 * otherwise all but the last reserved (`chain.reserveBlocks`, made only when asked for) and the last mined.
 */
async function mineBlocks(ctx: MethodContext, params: unknown[]): Promise<boolean> {
  maxParams(params, 2);
  const count = optional(lenientQuantity, params, 0, "blockCount") ?? 1n;
  const interval = optional(lenientQuantity, params, 1, "interval") ?? 1n;
  if (count === 0n) return true;
  // An interval of 0 is accepted as on Hardhat's network: mined blocks share a timestamp only where the chain
  // allows equal timestamps, else each is one second after its parent; reserved blocks take it as it is.
  const step = interval === 0n && !ctx.chain.config.allowBlocksWithSameTimestamp ? 1n : interval;
  const next = (): Promise<unknown> => ctx.chain.mine(ctx.chain.latest.block.header.timestamp + step);
  await ctx.chain.mine();
  let mined = 1n;
  for (; mined < count && ctx.chain.pool.size > 0; mined++) await next();
  if (mined < count) {
    await next();
    mined++;
  }
  const remaining = count - mined;
  if (remaining < MIN_RESERVED_BLOCKS) {
    for (let i = 0n; i < remaining; i++) await next();
  } else {
    ctx.chain.reserveBlocks(remaining - 1n, interval);
    await next();
  }
  // EDR's clock resumes from the interval it was asked for (0), not from the second each block was moved on.
  if (count > 1n && step !== interval) ctx.chain.clock.resumeBehind(ctx.chain.latest.block.header.timestamp);
  return true;
}

function setNextTimestamp(ctx: MethodContext, params: unknown[]): string {
  const ts = quantityParam(params, 0, "timestamp", true);
  const previous = ctx.chain.latest.block.header.timestamp;
  if (ts < previous) throw refused(`Timestamp ${ts} is lower than the previous block's timestamp ${previous}`);
  if (ts === previous && !ctx.chain.config.allowBlocksWithSameTimestamp) {
    throw refused(
      `Timestamp ${ts} is equal to the previous block's timestamp. Enable the 'allowBlocksWithSameTimestamp' option to allow this`,
    );
  }
  ctx.chain.clock.setNext(ts);
  return ts.toString();
}

/** Hex digits of a 0x-prefixed string, or undefined. */
const hexDigits = (raw: unknown): string | undefined =>
  typeof raw === "string" && /^0x[0-9a-fA-F]*$/.test(raw) ? raw.slice(2) : undefined;

/**
 * `hardhat_setStorageAt` read as Hardhat's network reads it: the slot a 0x-prefixed quantity (more than 64
 * digits refused with -32000, even zeros), the value a 32-byte word (another length refused with -32000,
 * counting whole bytes; 65 digits, which counts 32, fails to parse: -32602).
 */
function setStorageAt(ctx: MethodContext, params: unknown[]): boolean {
  const address = addressParam(params, 0, "address");
  const position = hexDigits(params[1]);
  if (position === undefined)
    throw invalidParams(
      `invalid value for parameter 1 (position): expected a 0x-prefixed hex quantity, got ${JSON.stringify(params[1])}`,
    );
  if (position.length > 64)
    throw refusedInParsing(`Storage key must not be greater than or equal to 2^256. Received ${String(params[1])}.`, 1);
  const slot = slotParam(params, 1, "position");
  const raw = params[2];
  const digits = hexDigits(raw);
  if (digits !== undefined && digits.length !== 64) {
    const bytes = Math.floor(digits.length / 2);
    if (bytes === 32)
      throw invalidParams(`invalid value for parameter 2 (value): expected 32 bytes of hex data, got "${String(raw)}"`);
    throw refusedInParsing(
      `Storage value must be exactly 32 bytes long. Received ${String(raw)}, which is ${bytes} bytes long.`,
      2,
    );
  }
  refuseUpperPrefix(params, 2, "value");
  const value = dataParam(params, 2, "value");
  ctx.chain.setState(new Map([[storageKey(address, slot), BigInt(toHex(value))]]));
  return true;
}

function setNonce(ctx: MethodContext, params: unknown[]): boolean {
  const address = addressParam(params, 0, "address");
  refuseUpperPrefix(params, 1, "nonce");
  const nonce = quantityParam(params, 1, "nonce");
  if (nonce >= 1n << 64n)
    throw invalidParams(`invalid value for parameter 1 (nonce): must be below 2^64, got ${String(params[1])}`);
  // EDR refuses it with -32603 while transactions are pending (their nonces would no longer fit).
  if (ctx.chain.pool.size > 0)
    throw new RpcError(-32603, "Cannot set account nonce when the transaction pool is not empty", null);
  const current = ctx.chain.state.account(address)?.nonce ?? 0n;
  if (nonce < current) throw refused(`New nonce (${nonce}) must not be smaller than the existing nonce (${current})`);
  ctx.chain.setState(new Map([[nonceKey(address), nonce]]));
  return true;
}

function setCode(ctx: MethodContext, params: unknown[]): boolean {
  const address = addressParam(params, 0, "address");
  refuseUpperPrefix(params, 1, "code");
  const code = dataParam(params, 1, "code");
  const writes = new Map<string, bigint | string>();
  const codes = new Map<string, Uint8Array>();
  addCodeWrite(writes, codes, address, code);
  ctx.chain.setState(writes, codes);
  return true;
}

function metadata(ctx: MethodContext): unknown {
  const { chain } = ctx;
  return {
    clientVersion: ctx.clientVersion,
    chainId: Number(chain.config.chainId),
    instanceId: toHex(keccak256(new TextEncoder().encode(`${ctx.clientVersion}:${chain.blockByNumber(0n)?.hash}`))),
    latestBlockNumber: Number(chain.latest.number),
    latestBlockHash: chain.latest.hash,
  };
}

function intervalParam(params: unknown[]): number | [number, number] {
  const v = params[0];
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0)) {
    const [min = 0, max = 0] = v as number[];
    // As on Hardhat's network, a range starts above zero (0 alone switches interval mining off).
    if (min === 0)
      throw invalidParams("invalid value for parameter 0 (interval): a range's minimum must be above zero");
    if (min <= max) return [min, max];
  }
  throw invalidParams("invalid value for parameter 0 (interval): expected milliseconds or [min, max] milliseconds");
}

/** evm_* and hardhat_* methods. */
export function devMethods(ctx: MethodContext, interval: IntervalMining): Record<string, MethodHandler> {
  return {
    evm_snapshot: () => quantity(ctx.chain.snapshot()),
    evm_revert: (p) => {
      // A snapshot id is a 64-bit number on Hardhat's network: a wider one is malformed, not unknown.
      const id = quantityParam(p, 0, "snapshotId", true);
      if (id >= 1n << 64n)
        throw invalidParams(`invalid value for parameter 0 (snapshotId): must be below 2^64, got ${String(p[0])}`);
      return ctx.chain.revert(Number(id));
    },
    evm_mine: async (p) => {
      // An absent timestamp is the clock's; a null one is refused, as on Hardhat's network. It reads every
      // param given as a timestamp and takes the first (a malformed one after it is refused too).
      const [ts] = p.map((_, index) => quantityParam(p, index, "timestamp", true));
      // The previous block's own timestamp is taken one second later (unless equal timestamps are allowed), as
      // Hardhat's network does for evm_mine (evm_setNextBlockTimestamp refuses it).
      const previous = ctx.chain.latest.block.header.timestamp;
      const bump = ts === previous && !ctx.chain.config.allowBlocksWithSameTimestamp ? 1n : 0n;
      if (ts !== undefined) setNextTimestamp(ctx, [Number(ts + bump)]);
      await ctx.chain.mine();
      return "0";
    },
    evm_increaseTime: (p) => ctx.chain.clock.increase(quantityParam(p, 0, "seconds", true)).toString(),
    evm_setNextBlockTimestamp: (p) => setNextTimestamp(ctx, p),
    evm_setAutomine: (p) => {
      // As on EDR, pending transactions stay pending: the next mined block takes them.
      ctx.chain.automine = boolParam(p, 0, "enabled");
      return true;
    },
    evm_setIntervalMining: (p) => {
      const ms = intervalParam(p);
      if (ms === 0) interval.stop();
      else interval.set(ms);
      return true;
    },
    evm_setBlockGasLimit: (p) => {
      const limit = quantityParam(p, 0, "gasLimit", true);
      if (limit >= 1n << 64n)
        throw invalidParams(`invalid value for parameter 0 (gasLimit): must be below 2^64, got ${String(p[0])}`);
      if (limit === 0n) throw refused("Block gas limit must be greater than 0");
      ctx.chain.blockGasLimit = limit;
      ctx.chain.blockGasLimitEnforced = true; // as Hardhat's provider does after it
      return true;
    },
    hardhat_mine: (p) => mineBlocks(ctx, p),
    hardhat_getAutomine: () => ctx.chain.automine,
    // Hardhat's network switches its request log; the runtime only checks the param (the plugin's request log
    // switches on the answer: src/plugin/network/request-logger.ts).
    hardhat_setLoggingEnabled: (p) => {
      maxParams(p, 1);
      boolParam(p, 0, "loggingEnabled");
      return true;
    },
    hardhat_setBalance: (p) => {
      refuseUpperPrefix(p, 1, "balance");
      ctx.chain.setState(new Map([[balanceKey(addressParam(p, 0, "address")), quantityParam(p, 1, "balance")]]));
      return true;
    },
    hardhat_setCode: (p) => setCode(ctx, p),
    hardhat_setNonce: (p) => setNonce(ctx, p),
    hardhat_setStorageAt: (p) => setStorageAt(ctx, p),
    hardhat_impersonateAccount: (p) => {
      ctx.chain.impersonated.add(addressParam(p, 0, "address"));
      return true;
    },
    hardhat_stopImpersonatingAccount: (p) => ctx.chain.impersonated.delete(addressParam(p, 0, "address")),
    hardhat_setCoinbase: (p) => {
      ctx.chain.coinbase = addressParam(p, 0, "address");
      return true;
    },
    hardhat_setNextBlockBaseFeePerGas: (p) => {
      const fee = quantityParam(p, 0, "baseFeePerGas", true);
      // Hardhat's network holds a base fee in 128 bits: a wider one is malformed.
      if (fee >= 1n << 128n)
        throw invalidParams(`invalid value for parameter 0 (baseFeePerGas): must be below 2^128, got ${String(p[0])}`);
      ctx.chain.nextBaseFee = fee;
      return true;
    },
    hardhat_setPrevRandao: (p) => {
      const value = dataParam(p, 0, "prevRandao");
      if (value.length !== 32)
        throw invalidParams("invalid value for parameter 0 (prevRandao): expected exactly 32 bytes");
      ctx.chain.headerHashes.mixHash.setNext(value);
      return true;
    },
    hardhat_dropTransaction: (p) => {
      const hash = hashParam(p, 0, "transactionHash");
      // EDR answers this one with -32602 (and `data: null`).
      if (ctx.chain.txLocation(hash) !== undefined)
        throw invalidArgument(`Transaction ${hash} cannot be dropped because it's already mined`);
      return ctx.chain.pool.remove(hash);
    },
    hardhat_metadata: () => metadata(ctx),
    hardhat_setMinGasPrice: (p) => {
      // The price is read (and a malformed one refused, -32602) before the hardfork is, as on Hardhat's network.
      quantityParam(p, 0, "minGasPrice", true);
      throw refused("hardhat_setMinGasPrice is not supported when EIP-1559 is active");
    },
    hardhat_reset: async (p) => {
      if (p[0] !== undefined && p[0] !== null && typeof p[0] === "object" && "forking" in p[0]) {
        throw refused("Forking is not supported by the parallel network; remove `forking` from hardhat_reset");
      }
      interval.stop();
      await ctx.reset();
      return true;
    },
  };
}
