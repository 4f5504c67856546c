/**
 * One chain of the parallel network: committed state, blocks, receipts, the pending pool and the mining
 * clock. Blocks are produced in one place (`mine`), which hands the pending transactions to a
 * `BlockExecutor` — sequential, Block-STM or sharded — and assembles the block from what it returns, so
 * every strategy goes through the same path and gives the same blocks.
 *
 * State changes outside blocks (hardhat_setBalance, ...) are applied to the flat state directly; the state's
 * journal makes them revertible with `evm_revert` like everything else. The blocks and transaction locations
 * live in `chain-history.ts`, snapshots and their ids in `chain-snapshots.ts`, the next block's environment
 * comes from `next-environment.ts`.
 */
import { createEvmContext, type EvmContext } from "../evm/evm-context.js";
import { markGasLimitUnenforced } from "../exec/block-gas.js";
import { SequentialExecutor } from "../exec/sequential-executor.js";
import { isEmptyAccount, type StateView } from "../state/account-data.js";
import { FlatState } from "../state/flat-state.js";
import { TrieCommitment } from "../state/trie-commitment.js";
import { balanceKey, type AddressHex } from "../vocabulary.js";

import { assembleBlock, createEnvironmentBlock, environmentOf, type BlockEnvironment } from "./block-assembly.js";
import type { ChainConfig } from "./chain-config.js";
import { ChainClock } from "./chain-clock.js";
import { ChainHistory } from "./chain-history.js";
import { ChainSnapshots } from "./chain-snapshots.js";
import { seededHeaderHashes, type HeaderHashes } from "./header-hashes.js";
import { genesisBlock } from "./hardhat-blocks.js";
import { nextEnvironment } from "./next-environment.js";
import { BLOCK_REWARD, isProofOfWork } from "./proof-of-work.js";
import { TxPool } from "./tx-pool.js";

import type { ChainOptions, ExecutorChooser, StoredBlock, TxLocation } from "./chain-types.js";

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
  readonly #history = new ChainHistory();
  readonly #snapshots: ChainSnapshots;
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
    this.#snapshots = new ChainSnapshots(this, this.#history);
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
    return this.#history.latest;
  }

  /** Block by number, if mined. */
  blockByNumber(n: bigint): StoredBlock | undefined {
    return this.#history.at(n);
  }

  /** Block by 0x hash, if mined. */
  blockByHash(hash: string): StoredBlock | undefined {
    return this.#history.byHash(hash.toLowerCase());
  }

  /** Location of a mined transaction by 0x hash. */
  txLocation(hash: string): TxLocation | undefined {
    return this.#history.txLocation(hash.toLowerCase());
  }

  /** The next nonce of `address`, counting its pending transactions. */
  pendingNonce(address: AddressHex): bigint {
    return this.pool.nextNonce(address, this.state.account(address)?.nonce ?? 0n);
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
    return nextEnvironment(this, timestamp);
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
    this.pool.settle(execution, nonceOf);
    if (isProofOfWork(this.common)) this.#reward(env.coinbase);
    const block = assembleBlock(this.common, env, execution.executed, this.state.stateRoot());
    this.headerHashes.mixHash.advance();
    this.headerHashes.beaconRoot.advance();
    const marks = { preStateMark, stateMark: this.state.mark() };
    const stored = this.#history.store(block, execution, marks, isProofOfWork(this.common));
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
    const saved = this.#snapshots.capture();
    this.#minedForPending = true;
    try {
      const block = await mining(() => this.mine());
      return await fn(environmentOf(block.block), this.state);
    } finally {
      this.#minedForPending = false;
      this.#snapshots.restore(saved);
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
    const saved = this.#snapshots.capture();
    this.#minedForPending = true;
    try {
      return fn(await mining(() => this.mine()));
    } finally {
      this.#minedForPending = false;
      this.#snapshots.restore(saved);
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
    return this.#snapshots.take();
  }

  /**
   * Uses up one snapshot id without taking a snapshot. Hardhat's network takes one around every automined
   * transaction, so the ids `evm_snapshot` answers advance by one per such transaction (measured against EDR).
   */
  skipSnapshotId(): void {
    this.#snapshots.skipId();
  }

  /**
   * Reverts to snapshot `id` (which is consumed, with every later one); false if unknown. As on Hardhat's
   * network, an unknown id still drops every snapshot taken after it (measured against EDR).
   */
  revert(id: number): boolean {
    return this.#snapshots.revert(id);
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
    const mark = this.state.mark();
    this.#history.store(block, undefined, { preStateMark: mark, stateMark: mark }, isProofOfWork(this.common));
  }

  /** Pays the proof-of-work block reward to `coinbase`. */
  #reward(coinbase: AddressHex): void {
    const balance = this.state.account(coinbase)?.balance ?? 0n;
    this.state.apply(new Map([[balanceKey(coinbase), balance + BLOCK_REWARD]]));
  }

  /**
   * Appends `count` reserved blocks `interval` seconds apart (`block-list.ts`), as Hardhat's network does for
   * all but the last block of a long `hardhat_mine`: each is made only when asked for, over the state as it
   * is now, with the latest block's base fee.
   */
  reserveBlocks(count: bigint, interval: bigint): void {
    this.#history.reserve(this.common, { count, interval, mark: this.state.mark(), stateRoot: this.state.stateRoot() });
  }

  /** True if block `n` is reserved and not made yet: an empty block, skipped by log scans. */
  isUnmadeReserved(n: bigint): boolean {
    return this.#history.isUnmadeReserved(n);
  }

  /** The coinbase fee may be a lazy delta only if the coinbase exists and is non-empty before the block. */
  #lazyCoinbaseEligible(coinbase: AddressHex): boolean {
    const account = this.state.account(coinbase);
    return account !== undefined && !isEmptyAccount(account);
  }
}
