/**
 * Sharded chain model: what the same traffic would give on S shards with a cross-shard cost.
 *
 * Every account (address) lives on one shard: the given partition says which, and any account it does not
 * list goes to shard `address mod S` (the address read as a 160-bit integer; addresses are uniformly
 * distributed, so this spreads accounts evenly and stays easy to check by hand). A transaction's shards are
 * the shards of the accounts whose locations it reads or writes. Deltas do not bind a transaction to a
 * shard by default: a commutative update (the coinbase fee above all) can be applied on each shard and
 * merged at the end of the block; set `countDeltas` to change that.
 *
 * Each shard runs its transactions one after another in block order. A transaction on one shard starts when
 * its shard is free and takes its gas. A cross-shard transaction waits until all its shards are free, then
 * holds all of them for `gas × (1 + crossShardCostFactor)`: the factor stands for the coordination (a
 * two-phase commit roughly doubles the work, hence the default 1). A transaction that touches no location
 * at all (only in synthetic data) runs on shard `index mod S`.
 *
 * Storage belongs to the contract's account, so all calls to one contract share its shard: a single ERC20
 * or pool cannot be spread over shards, and its callers whose own accounts (nonce, balance) live elsewhere
 * become cross-shard. That is the real limit of account-based sharding, and why this model often trails the
 * other two on DeFi traffic.
 *
 * So 0 % cross-shard traffic spread evenly gives a speedup of S, and 100 % traffic touching every shard
 * gives 1 / (1 + factor): slower than one chain.
 */
import { accountOf, type BlockTrace, gasOf, normalizeAddress } from "../record/block-trace.js";

/** Parameters of the sharded model. */
export interface ShardedOptions {
  /** Coordination cost of a cross-shard transaction, as a fraction of its gas. Default 1. */
  readonly crossShardCostFactor?: number;
  /** Explicit shard of some accounts (address → shard, taken modulo the shard count). */
  readonly partition?: Readonly<Record<string, number>>;
  /** Whether deltas bind a transaction to the shard of the updated account. Default false. */
  readonly countDeltas?: boolean;
}

/** Default cross-shard cost factor (a cross-shard transaction costs twice its gas). */
export const DEFAULT_CROSS_SHARD_COST_FACTOR = 1;

/** Outcome of the sharded model for one block and one shard count. */
export interface ShardedResult {
  readonly shards: number;
  /** Total gas of the block (the sequential time on one chain). */
  readonly sequentialGas: number;
  /** Time, in gas, when the busiest shard finishes. */
  readonly makespanGas: number;
  /** `sequentialGas / makespanGas` (1 for an empty or zero-gas block). */
  readonly speedup: number;
  /** Transactions touching more than one shard. */
  readonly crossShardTransactions: number;
  /** `crossShardTransactions / transactions` (0 for an empty block). */
  readonly crossShardRatio: number;
}

/** Shard of an account under the partition, else `address mod shards`. */
export function shardOfAccount(
  address: string,
  shards: number,
  partition: Readonly<Record<string, number>> = {},
): number {
  const normalized = normalizeAddress(address);
  const explicit = partition[normalized] ?? partition[address];
  if (explicit !== undefined) return ((explicit % shards) + shards) % shards;
  return Number(BigInt(normalized) % BigInt(shards));
}

/** Normalizes a partition's keys once. */
function normalizePartition(partition: Readonly<Record<string, number>>): Record<string, number> {
  const normalized: Record<string, number> = {};
  for (const [address, shard] of Object.entries(partition)) normalized[normalizeAddress(address)] = shard;
  return normalized;
}

/** An account a transaction touches: its address as found in the key, normalized, and as a number. */
interface TouchedAccount {
  readonly address: string;
  readonly normalized: string;
  readonly value: bigint;
}

/** Accounts each transaction of a block touches (with and without deltas), cached per block object. */
const touchedAccounts = new WeakMap<BlockTrace, { plain: TouchedAccount[][]; withDeltas: TouchedAccount[][] }>();

function accountsOf(block: BlockTrace, countDeltas: boolean): TouchedAccount[][] {
  let cached = touchedAccounts.get(block);
  if (cached === undefined) {
    const parsed = new Map<string, TouchedAccount>();
    const account = (address: string): TouchedAccount => {
      let known = parsed.get(address);
      if (known === undefined) {
        const normalized = normalizeAddress(address);
        known = { address, normalized, value: BigInt(normalized) };
        parsed.set(address, known);
      }
      return known;
    };
    const touched = (keys: readonly string[]) => [...new Set(keys.map(accountOf))].map(account);
    cached = {
      plain: block.transactions.map((tx) => touched([...tx.reads, ...tx.writes])),
      withDeltas: block.transactions.map((tx) => touched([...tx.reads, ...tx.writes, ...tx.deltas])),
    };
    touchedAccounts.set(block, cached);
  }
  return countDeltas ? cached.withDeltas : cached.plain;
}

/** Shards a transaction touches, ascending (as {@link shardOfAccount} places its accounts). */
function shardsOfTransaction(
  accounts: readonly TouchedAccount[],
  index: number,
  shards: number,
  partition: Readonly<Record<string, number>>,
): number[] {
  const touched = new Set<number>();
  for (const { address, normalized, value } of accounts) {
    const explicit = partition[normalized] ?? partition[address];
    touched.add(explicit !== undefined ? ((explicit % shards) + shards) % shards : Number(value % BigInt(shards)));
  }
  if (touched.size === 0) touched.add(index % shards);
  return [...touched].sort((a, b) => a - b);
}

/** Runs the sharded model for one block on `shards` shards (see the file header). */
export function simulateSharded(block: BlockTrace, shards: number, options: ShardedOptions = {}): ShardedResult {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  const factor = options.crossShardCostFactor ?? DEFAULT_CROSS_SHARD_COST_FACTOR;
  if (!(factor >= 0) || !Number.isFinite(factor)) throw new Error(`crossShardCostFactor must be ≥ 0, got ${factor}`);
  const partition = normalizePartition(options.partition ?? {});
  const freeAt = new Array<number>(shards).fill(0);
  let crossShard = 0;
  let sequentialGas = 0;
  const accounts = accountsOf(block, options.countDeltas ?? false);
  block.transactions.forEach((tx, index) => {
    const gas = gasOf(tx);
    sequentialGas += gas;
    const touched = shardsOfTransaction(accounts[index] ?? [], index, shards, partition);
    const cross = touched.length > 1;
    if (cross) crossShard++;
    const start = Math.max(...touched.map((shard) => freeAt[shard] ?? 0));
    const end = start + (cross ? gas * (1 + factor) : gas);
    for (const shard of touched) freeAt[shard] = end;
  });
  const makespanGas = Math.max(0, ...freeAt);
  const size = block.transactions.length;
  return {
    shards,
    sequentialGas,
    makespanGas,
    speedup: makespanGas === 0 ? 1 : sequentialGas / makespanGas,
    crossShardTransactions: crossShard,
    crossShardRatio: size === 0 ? 0 : crossShard / size,
  };
}
