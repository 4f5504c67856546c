/**
 * One chain of the parallel network: committed state, blocks, receipts, the pending pool and the mining
 * clock. Blocks are produced in one place (`mine`), which hands the pending transactions to a
 * `BlockExecutor` — sequential, Block-STM or sharded — and assembles the block from what it returns, so
 * every strategy goes through the same path and gives the same blocks.
 *
 * State changes outside blocks (hardhat_setBalance, ...) are applied to the flat state directly; the state's
 * journal makes them revertible with `evm_revert` like everything else.
 */
import type { Block } from "@ethereumjs/block";

import { createEvmContext, type EvmContext } from "../evm/evm-context.js";
import type { BlockExecution } from "../exec/block-execution.js";
import { markGasLimitUnenforced } from "../exec/block-gas.js";
import { SequentialExecutor } from "../exec/sequential-executor.js";
import { isEmptyAccount, type StateView } from "../state/account-data.js";
import { FlatState, type StateMark } from "../state/flat-state.js";
import { TrieCommitment } from "../state/trie-commitment.js";
import { toHex } from "../util/hex.js";
import { balanceKey, type AddressHex } from "../vocabulary.js";

import { BlockList } from "./block-list.js";
import { assembleBlock, createEnvironmentBlock, environmentOf, type BlockEnvironment } from "./block-assembly.js";
import type { ChainConfig } from "./chain-config.js";
import { ChainClock } from "./chain-clock.js";
import { copyHeaderHashes, seededHeaderHashes, type HeaderHashes } from "./header-hashes.js";
import { genesisBlock, reservedBlock } from "./hardhat-blocks.js";
import { BLOCK_REWARD, isProofOfWork, nextDifficulty, POW_NONCE } from "./proof-of-work.js";
import { TxPool } from "./tx-pool.js";

import type { ChainOptions, ExecutorChooser, Snapshot, StoredBlock, TxLocation } from "./chain-types.js";

export type { ChainOptions, ExecutorChooser, StoredBlock, TxLocation } from "./chain-types.js";

/** One chain of the parallel network. */
export class Chain {
  readonly state: FlatState;
  readonly commitment: TrieCommitment;
  readonly pool: TxPool;
  readonly clock: ChainClock;
  readonly impersonated = new Set<AddressHex>();
  coinbase: AddressHex;
  blockGasLimit: bigint;
  /** Whether transactions must fit in the block gas limit (see {@link ChainConfig.blockGasLimitEnforced}). */
  blockGasLimitEnforced: boolean;
  automine = true;
  nextBaseFee: bigint | undefined;
  /** Where the next block's `mixHash` and `parentBeaconBlockRoot` come from (`header-hashes.ts`). */
  headerHashes: HeaderHashes = seededHeaderHashes();
  readonly #blocks = new BlockList();
  readonly #txs = new Map<string, TxLocation>();
  readonly #snapshots = new Map<number, Snapshot>();
  #nextSnapshotId = 1;
  readonly #sequential: SequentialExecutor;
  readonly #choose: ExecutorChooser;
  readonly #onBlockMined: ((block: StoredBlock) => void) | undefined;
  readonly #onPendingBlockMined: ((block: StoredBlock) => void) | undefined;
  /** Set while a pending block is mined to be thrown away (no profile record). */
  #minedForPending = false;

  private constructor(
    readonly config: ChainConfig,
    readonly context: EvmContext,
    commitment: TrieCommitment,
    options: ChainOptions,
  ) {
    this.commitment = commitment;
    this.state = new FlatState(commitment);
    this.coinbase = config.coinbase;
    this.blockGasLimit = config.blockGasLimit;
    this.blockGasLimitEnforced = config.blockGasLimitEnforced;
    const { genesisTimestamp, simulatedClock, allowBlocksWithSameTimestamp, clockStartedAt } = config;
    this.clock = new ChainClock(genesisTimestamp, simulatedClock, allowBlocksWithSameTimestamp, clockStartedAt);
    this.automine = config.mining.auto;
    this.pool = new TxPool(config.mining.order);
    this.#sequential = new SequentialExecutor(context);
    this.#choose = options.chooseExecutor ?? ((_n, sequential) => sequential);
    this.#onBlockMined = options.onBlockMined;
    this.#onPendingBlockMined = options.onPendingBlockMined;
  }

  /** Creates a chain with its genesis block. */
  static async create(config: ChainConfig, options: ChainOptions = {}): Promise<Chain> {
    const holder: { chain?: Chain } = {};
    const context = await createEvmContext({
      chainId: config.chainId,
      hardfork: config.hardfork,
      blockHash: (n) => holder.chain?.blockByNumber(n)?.block.hash(),
      onConsoleCall: options.onConsoleCall,
      unlimitedContractSize: config.allowUnlimitedContractSize,
    });
    const chain = new Chain(config, context, new TrieCommitment(), options);
    holder.chain = chain;
    chain.#genesis();
    return chain;
  }

  /** The Common of the chain's blocks and transactions. */
  get common(): EvmContext["common"] {
    return this.context.txCommon;
  }

  /** The newest block. */
  get latest(): StoredBlock {
    const block = this.#blocks.at(this.#blocks.length - 1n);
    if (block === undefined) throw new Error("chain has no genesis block");
    return block;
  }

  /** Block by number, if mined. */
  blockByNumber(n: bigint): StoredBlock | undefined {
    return this.#blocks.at(n);
  }

  /** Block by 0x hash, if mined. */
  blockByHash(hash: string): StoredBlock | undefined {
    return this.#blocks.byHash(hash.toLowerCase());
  }

  /** Location of a mined transaction by 0x hash. */
  txLocation(hash: string): TxLocation | undefined {
    return this.#txs.get(hash.toLowerCase());
  }

  /** The next nonce of `address`, counting its pending transactions. */
  pendingNonce(address: AddressHex): bigint {
    const nonce = this.state.account(address)?.nonce ?? 0n;
    const pending = this.pool.pendingOf(address).filter((tx) => tx.nonce >= nonce);
    let next = nonce;
    for (const tx of pending) if (tx.nonce === next) next++;
    return next;
  }

  /**
   * The nonce of `address` once the pending block is mined, as Hardhat's network answers
   * `eth_getTransactionCount(…, "pending")`: its pooled transactions the next block would not take (a max fee
   * below the base fee or `minGasPrice`, behind a nonce gap) do not count, unlike in {@link pendingNonce}.
   * Undefined when what that block takes may not fit its gas limit: then mine the pending block and read it.
   */
  pendingBlockNonce(address: AddressHex): bigint | undefined {
    const nonceOf = (sender: AddressHex): bigint => this.state.account(sender)?.nonce ?? 0n;
    if (this.pool.pendingOf(address).length === 0) return nonceOf(address);
    const floor = { baseFee: this.nextEnvironment().baseFeePerGas, minGasPrice: this.config.minGasPrice };
    const gasLimit = this.blockGasLimitEnforced ? this.blockGasLimit : undefined;
    const taken = this.pool.takenOf(address, floor, nonceOf, gasLimit);
    return taken === undefined ? undefined : nonceOf(address) + taken;
  }

  /** The environment the next block would execute in. */
  nextEnvironment(timestamp?: bigint): BlockEnvironment {
    const parent = this.latest.block.header;
    const number = parent.number + 1n;
    const at = timestamp ?? this.clock.nextTimestamp(parent.timestamp);
    const env = {
      number,
      parentHash: this.latest.block.hash(),
      timestamp: at,
      coinbase: this.coinbase,
      gasLimit: this.blockGasLimit,
      baseFeePerGas: this.nextBaseFee ?? parent.calcNextBaseFee(),
      prevRandao: this.headerHashes.mixHash.next,
      parentBeaconBlockRoot: this.common.gteHardfork("cancun") ? this.headerHashes.beaconRoot.next : undefined,
    };
    if (!isProofOfWork(this.common)) return env;
    return { ...env, difficulty: nextDifficulty(parent, at), nonce: POW_NONCE, prevRandao: new Uint8Array(32) };
  }

  /** Mines one block with the pending transactions that fit. */
  async mine(timestamp?: bigint): Promise<StoredBlock> {
    const env = this.nextEnvironment(timestamp);
    this.clock.consumeNextTimestamp(env.timestamp);
    this.nextBaseFee = undefined;
    const nonceOf = (sender: AddressHex): bigint => this.state.account(sender)?.nonce ?? 0n;
    const transactions = this.pool.ordered(env.baseFeePerGas, nonceOf, this.config.minGasPrice);
    const envBlock = createEnvironmentBlock(this.common, env);
    // Without a block gas limit, transactions beyond it run in order on the main thread's EVM, which knows.
    const unlimited = markGasLimitUnenforced(envBlock, transactions, this.blockGasLimitEnforced);
    const executor =
      transactions.length > 1 && !unlimited ? this.#choose(transactions.length, this.#sequential) : this.#sequential;
    const preStateMark = this.state.mark();
    const execution = await executor.execute({
      envBlock,
      transactions,
      state: this.state,
      lazyCoinbase: this.#lazyCoinbaseEligible(env.coinbase) ? env.coinbase : undefined,
    });
    for (const e of execution.executed) this.pool.remove(toHex(e.tx.hash()));
    // A transaction that could not run at its turn is dropped; one behind it that now has a nonce gap waits.
    for (const s of execution.skipped) {
      const stuck = s.tx.nonce > nonceOf(toHex(s.tx.getSenderAddress().bytes));
      if (s.reason === "invalid" && !stuck) this.pool.remove(toHex(s.tx.hash()));
    }
    this.pool.prune(nonceOf);
    if (isProofOfWork(this.common)) this.#reward(env.coinbase);
    const block = assembleBlock(this.common, env, execution.executed, this.state.stateRoot());
    this.headerHashes.mixHash.advance();
    this.headerHashes.beaconRoot.advance();
    const stored = this.#store(block, execution, preStateMark);
    if (!this.#minedForPending) this.#onBlockMined?.(stored);
    else this.#onPendingBlockMined?.(stored);
    return stored;
  }

  /**
   * Runs `fn` in the context of the pending block, as Hardhat's network does: the pool's transactions mined
   * into a block that is then thrown away (with an empty pool, the next block's environment over the current
   * state). Everything the mining changed is restored afterwards, snapshot ids included.
   */
  async withPendingBlock<T>(
    fn: (env: BlockEnvironment, view: StateView) => Promise<T>,
    mining: <R>(run: () => Promise<R>) => Promise<R> = (run) => run(),
  ): Promise<T> {
    if (this.pool.size === 0) return fn(this.nextEnvironment(), this.state);
    const saved = this.#capture();
    this.#minedForPending = true;
    try {
      const block = await mining(() => this.mine());
      return await fn(environmentOf(block.block), this.state);
    } finally {
      this.#minedForPending = false;
      this.#restore(saved);
    }
  }

  /**
   * Runs `fn` on the block the pool would be mined into now — mined (even when the pool is empty) and thrown
   * away, everything it changed restored — for reads of the `pending` block. `mining` wraps the mining (to mute
   * its console.log).
   */
  async withPendingStoredBlock<T>(
    fn: (stored: StoredBlock) => T,
    mining: <R>(run: () => Promise<R>) => Promise<R> = (run) => run(),
  ): Promise<T> {
    const saved = this.#capture();
    this.#minedForPending = true;
    try {
      return fn(await mining(() => this.mine()));
    } finally {
      this.#minedForPending = false;
      this.#restore(saved);
    }
  }

  /**
   * The state as of `stored` the way Hardhat's network keeps it: the block's post-state plus the
   * `hardhat_set*` edits made while it was the latest block.
   */
  stateAtBlock(stored: StoredBlock): StateView {
    const next = this.blockByNumber(stored.number + 1n);
    return next === undefined ? this.state : this.state.viewAt(next.preStateMark);
  }

  /** Applies state changes made outside transactions (hardhat_set*). */
  setState(writes: Map<string, bigint | string>, codes?: Map<string, Uint8Array>): void {
    this.state.apply(writes, codes);
  }

  /** Takes a snapshot; returns its id. */
  snapshot(): number {
    const id = this.#nextSnapshotId++;
    this.#snapshots.set(id, this.#capture());
    return id;
  }

  /**
   * Uses up one snapshot id without taking a snapshot. Hardhat's network takes one around every automined
   * transaction, so the ids `evm_snapshot` answers advance by one per such transaction (measured against EDR).
   */
  skipSnapshotId(): void {
    this.#nextSnapshotId++;
  }

  /**
   * Reverts to snapshot `id` (which is consumed, with every later one); false if unknown. As on Hardhat's
   * network, an unknown id still drops every snapshot taken after it (measured against EDR).
   */
  revert(id: number): boolean {
    const snap = this.#snapshots.get(id);
    for (const key of [...this.#snapshots.keys()]) if (key >= id) this.#snapshots.delete(key);
    if (snap === undefined) return false;
    this.#restore(snap);
    return true;
  }

  #capture(): Snapshot {
    return {
      stateMark: this.state.mark(),
      blockCount: this.#blocks.length,
      pool: this.pool.all(),
      clock: this.clock.save(),
      coinbase: this.coinbase,
      blockGasLimit: this.blockGasLimit,
      nextBaseFee: this.nextBaseFee,
      headerHashes: copyHeaderHashes(this.headerHashes),
    };
  }

  #restore(snap: Snapshot): void {
    for (const dropped of this.#blocks.truncate(snap.blockCount))
      for (const e of dropped.executed) this.#txs.delete(toHex(e.tx.hash()));
    this.state.rollback(snap.stateMark);
    this.pool.restore(snap.pool);
    this.clock.restore(snap.clock);
    this.coinbase = snap.coinbase;
    this.blockGasLimit = snap.blockGasLimit;
    this.nextBaseFee = snap.nextBaseFee;
    this.headerHashes = copyHeaderHashes(snap.headerHashes);
  }

  #genesis(): void {
    const block = genesisBlock(this.common, this.state, {
      accounts: this.config.accounts,
      timestamp: this.clock.genesisTimestamp(),
      gasLimit: this.blockGasLimit,
      baseFeePerGas: this.config.initialBaseFeePerGas,
      mixHash: this.headerHashes.mixHash.next,
    });
    this.headerHashes.mixHash.advance();
    this.#store(block, undefined, this.state.mark());
  }

  /** Pays the proof-of-work block reward to `coinbase`. */
  #reward(coinbase: AddressHex): void {
    const balance = this.state.account(coinbase)?.balance ?? 0n;
    this.state.apply(new Map([[balanceKey(coinbase), balance + BLOCK_REWARD]]));
  }

  #store(block: Block, execution: BlockExecution | undefined, preStateMark: StateMark): StoredBlock {
    const hash = toHex(block.hash());
    const parentTotal = this.#blocks.length === 0n ? 0n : this.latest.totalDifficulty;
    const pow = isProofOfWork(this.common);
    const stored: StoredBlock = {
      block,
      hash,
      number: block.header.number,
      executed: execution?.executed ?? [],
      execution,
      stateMark: this.state.mark(),
      preStateMark,
      totalDifficulty: pow ? (parentTotal ?? 0n) + block.header.difficulty : undefined,
    };
    this.#blocks.push(stored);
    stored.executed.forEach((e, index) => this.#txs.set(toHex(e.tx.hash()), { blockNumber: stored.number, index }));
    return stored;
  }

  /**
   * Appends `count` reserved blocks `interval` seconds apart (`block-list.ts`), as Hardhat's network does for
   * all but the last block of a long `hardhat_mine`: each is made only when asked for, over the state as it
   * is now, with the latest block's base fee.
   */
  reserveBlocks(count: bigint, interval: bigint): void {
    const parent = this.latest.block.header;
    const mark = this.state.mark();
    const stateRoot = this.state.stateRoot();
    const baseFeePerGas = parent.baseFeePerGas ?? 0n;
    // Reserved blocks keep the total difficulty of the block before them, as on Hardhat's network.
    const totalDifficulty = this.latest.totalDifficulty;
    const make = (number: bigint, timestamp: bigint): StoredBlock => {
      const block = reservedBlock(this.common, number, timestamp, baseFeePerGas, stateRoot);
      const hash = toHex(block.hash());
      const at = { stateMark: mark, preStateMark: mark, totalDifficulty };
      return { block, hash, number, executed: [], execution: undefined, ...at };
    };
    if (count > 0n) this.#blocks.reserve({ count, baseTimestamp: parent.timestamp, interval, make });
  }

  /** True if block `n` is reserved and not made yet: an empty block, skipped by log scans. */
  isUnmadeReserved(n: bigint): boolean {
    return this.#blocks.isUnmadeReserved(n);
  }

  /** The coinbase fee may be a lazy delta only if the coinbase exists and is non-empty before the block. */
  #lazyCoinbaseEligible(coinbase: AddressHex): boolean {
    const account = this.state.account(coinbase);
    return account !== undefined && !isEmptyAccount(account);
  }
}
