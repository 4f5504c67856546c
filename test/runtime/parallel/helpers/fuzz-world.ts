/**
 * The differential fuzzer's world: a funded state with the fuzz contracts deployed, a generator of random
 * blocks (ETH transfers, ERC20 transfers/approvals/transferFrom, AMM swaps, NFT mints, game moves, CREATE and
 * CREATE2, self-destruct in the creating transaction, reverts, out-of-gas, nested calls, value to the
 * coinbase, reads of the coinbase balance, bad nonces, gas-limit overflow, the vault family of `fuzz-vault.ts`;
 * hot-ratio senders and recipients), and a digest of a block execution that two strategies must agree on byte for byte.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { Interface } from "ethers";

import { createEnvironmentBlock } from "../../../../src/runtime/chain/block-assembly.js";
import { impersonatedTransaction, type TxRequest } from "../../../../src/runtime/chain/transaction-factory.js";
import { createEvmContext, createSharedTxCommon, type EvmContext } from "../../../../src/runtime/evm/evm-context.js";
import type { BlockExecution, BlockExecutor } from "../../../../src/runtime/exec/block-execution.js";
import { SequentialExecutor } from "../../../../src/runtime/exec/sequential-executor.js";
import { FlatState } from "../../../../src/runtime/state/flat-state.js";
import { TrieCommitment } from "../../../../src/runtime/state/trie-commitment.js";
import { fromHex, toHex } from "../../../../src/runtime/util/hex.js";
import { balanceKey } from "../../../../src/runtime/vocabulary.js";

import { compileFuzzContracts } from "./compile-contracts.js";
import { randomVaultTx, VAULTS } from "./fuzz-vault.js";

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHAIN_ID = 31337n;
const HARDFORK = "osaka";
const BASE_FEE = 7n;
/** A coinbase that exists before the blocks (so its fee is a lazy delta) and one that does not. */
export const COINBASES = ["0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e", "0x00000000000000000000000000000000000c0be5"];

/** A prepared world. */
export interface FuzzWorld {
  readonly state: FlatState;
  readonly context: EvmContext;
  readonly sequential: SequentialExecutor;
  readonly common: ReturnType<typeof createSharedTxCommon>;
  readonly accounts: string[];
  readonly contracts: Record<string, string>;
  readonly interfaces: Record<string, Interface>;
  readonly bytecode: Record<string, string>;
  readonly nonces: Map<string, bigint>;
  blockNumber: bigint;
}

const address = (i: number): string => `0x${(0x1000 + i).toString(16).padStart(40, "0")}`;

/** Builds a world with `accountCount` funded accounts and the contracts deployed. */
export async function createWorld(accountCount = 40): Promise<FuzzWorld> {
  const compiled = compileFuzzContracts();
  const state = new FlatState(new TrieCommitment());
  const context = await createEvmContext({ chainId: CHAIN_ID, hardfork: HARDFORK, blockHash: () => undefined });
  const accounts = Array.from({ length: accountCount }, (_, i) => address(i));
  const funding = new Map<string, bigint>(accounts.map((a) => [balanceKey(a), 10n ** 24n]));
  funding.set(balanceKey(COINBASES[0] ?? ""), 1n);
  state.apply(funding);
  const world: FuzzWorld = {
    state,
    context,
    sequential: new SequentialExecutor(context),
    common: createSharedTxCommon(CHAIN_ID, HARDFORK),
    accounts,
    contracts: {},
    interfaces: Object.fromEntries(Object.entries(compiled).map(([n, c]) => [n, new Interface(c.abi as string[])])),
    bytecode: Object.fromEntries(Object.entries(compiled).map(([n, c]) => [n, c.bytecode])),
    nonces: new Map(),
    blockNumber: 1n,
  };
  await deploy(world);
  return world;
}

async function deploy(world: FuzzWorld): Promise<void> {
  const deployer = world.accounts[0] ?? "";
  const names = ["Token", "Pool", "Pool", "Pool", "Nft", "Game", "Factory", "Misc", "Vault", "Vault"];
  const txs = names.map((n) => tx(world, deployer, undefined, fromHex(world.bytecode[n] ?? "0x"), 0n, 3_000_000n));
  const result = await runBlock(world, world.sequential, txs, COINBASES[0] ?? "");
  const labels = ["Token", "Pool0", "Pool1", "Pool2", "Nft", "Game", "Factory", "Misc", ...VAULTS];
  result.executed.forEach((e, i) => (world.contracts[labels[i] ?? ""] = e.createdAddress ?? ""));
  const token = world.interfaces.Token as Interface;
  const mints = [...world.accounts, world.contracts.Misc ?? ""].map((a) =>
    call(world, deployer, "Token", token.encodeFunctionData("mint", [a, 10n ** 21n]), 0n, 100_000n),
  );
  const minted = await runBlock(world, world.sequential, mints, COINBASES[0] ?? "", 1_000_000_000n);
  if (minted.skipped.length > 0) throw new Error(`setup: ${minted.skipped[0]?.message}`);
  world.blockNumber++;
}

/** A transaction from `from` with the next nonce. */
export function tx(
  w: FuzzWorld,
  from: string,
  to: string | undefined,
  data: Uint8Array,
  value: bigint,
  gas: bigint,
  nonceShift = 0n,
): TypedTransaction {
  const nonce = w.nonces.get(from) ?? 0n;
  if (nonceShift === 0n) w.nonces.set(from, nonce + 1n);
  const shifted = nonce + nonceShift < 0n ? nonce + 1n : nonce + nonceShift;
  const req: TxRequest = {
    from,
    to,
    gas,
    value,
    data,
    nonce: shifted,
    type: 2,
    maxFeePerGas: 100n,
    maxPriorityFeePerGas: 3n,
  };
  return impersonatedTransaction(w.common, req);
}

function call(
  w: FuzzWorld,
  from: string,
  contract: string,
  data: string,
  value: bigint,
  gas: bigint,
): TypedTransaction {
  return tx(w, from, w.contracts[contract], fromHex(data), value, gas);
}

/** Sets every account's next nonce from the committed state (after a block skipped some). */
export function syncNonces(w: FuzzWorld): void {
  for (const a of w.accounts) w.nonces.set(a, w.state.account(a)?.nonce ?? 0n);
}

/** Runs a block of `txs` with `executor` on the world's state. */
export async function runBlock(
  w: FuzzWorld,
  executor: BlockExecutor,
  txs: TypedTransaction[],
  coinbase: string,
  gasLimit = 30_000_000n,
): Promise<BlockExecution> {
  const envBlock = createEnvironmentBlock(w.common, {
    number: w.blockNumber,
    parentHash: new Uint8Array(32),
    timestamp: 1_700_000_000n + w.blockNumber,
    coinbase,
    gasLimit,
    baseFeePerGas: BASE_FEE,
    prevRandao: new Uint8Array(32),
  });
  const account = w.state.account(coinbase);
  const lazyCoinbase = account !== undefined ? coinbase : undefined;
  return executor.execute({ envBlock, transactions: txs, state: w.state, lazyCoinbase });
}

/** Everything two executions of the same block must agree on. */
export function digest(w: FuzzWorld, result: BlockExecution): string {
  const executed = result.executed.map((e) => ({
    hash: toHex(e.tx.hash()),
    status: e.status,
    gas: e.gasUsed.toString(),
    cumulative: e.receipt.cumulativeBlockGasUsed.toString(),
    bloom: toHex(e.receipt.bitvector),
    logs: e.logs.map(([a, t, d]) => [toHex(a), t.map(toHex), toHex(d)]),
    created: e.createdAddress,
    error: e.error,
    ret: toHex(e.returnValue),
  }));
  const skipped = result.skipped.map((s) => ({ hash: toHex(s.tx.hash()), reason: s.reason, message: s.message }));
  const dump: unknown[] = [];
  for (const [a, acc] of [...w.state.accounts()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const slots = [...w.state.storageSlots(a)].sort().map(([s, v]) => `${s}=${v}`);
    dump.push([a, acc.balance.toString(), acc.nonce.toString(), acc.codeHash, slots]);
  }
  return JSON.stringify({
    root: toHex(w.state.stateRoot()),
    gasUsed: result.gasUsed.toString(),
    executed,
    skipped,
    dump,
  });
}

/** Options of a random block. */
export interface BlockShape {
  readonly size: number;
  /** Probability that a sender/recipient/pool comes from the small hot set. */
  readonly hotRatio: number;
}

/** A random block. */
export function randomBlock(w: FuzzWorld, random: () => number, shape: BlockShape): TypedTransaction[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const hot = w.accounts.slice(0, 3);
  const person = (): string => (random() < shape.hotRatio ? pick(hot) : pick(w.accounts));
  const txs: TypedTransaction[] = [];
  for (let i = 0; i < shape.size; i++) {
    const vault = random() < 0.2;
    txs.push(vault ? randomVaultTx(w, random, person(), person()) : randomTx(w, random, pick, person));
  }
  return txs;
}

function randomTx(
  w: FuzzWorld,
  random: () => number,
  pick: <T>(xs: readonly T[]) => T,
  person: () => string,
): TypedTransaction {
  const from = person();
  const to = person();
  const I = w.interfaces;
  const enc = (c: string, f: string, args: unknown[]): string => (I[c] as Interface).encodeFunctionData(f, args);
  const amount = BigInt(Math.floor(random() * 1000));
  const r = random();
  if (r < 0.14)
    return tx(
      w,
      from,
      random() < 0.2
        ? `0x${Math.floor(random() * 1e9)
            .toString(16)
            .padStart(40, "7")}`
        : to,
      new Uint8Array(0),
      amount + 1n,
      21_000n,
    );
  if (r < 0.26) return call(w, from, "Token", enc("Token", "transfer", [to, amount]), 0n, 80_000n);
  if (r < 0.31) return call(w, from, "Token", enc("Token", "approve", [to, amount * 3n]), 0n, 80_000n);
  if (r < 0.36) return call(w, from, "Token", enc("Token", "transferFrom", [to, from, amount]), 0n, 90_000n);
  if (r < 0.46)
    return call(
      w,
      from,
      random() < 0.5 ? "Pool0" : pick(["Pool1", "Pool2"]),
      enc("Pool", "swap", [amount * 10n ** 15n, random() < 0.5]),
      0n,
      90_000n,
    );
  if (r < 0.51) return call(w, from, "Nft", enc("Nft", "mint", []), 0n, 120_000n);
  if (r < 0.58) return call(w, from, "Game", enc("Game", "move", [amount, random() < 0.2]), 0n, 80_000n);
  if (r < 0.62) return call(w, from, "Factory", enc("Factory", "create", [random() < 0.3]), amount, 300_000n);
  if (r < 0.66)
    return call(
      w,
      from,
      "Factory",
      enc("Factory", "create2", [`0x${"0".repeat(62)}0${Math.floor(random() * 4)}`, random() < 0.5]),
      0n,
      300_000n,
    );
  if (r < 0.68)
    return call(
      w,
      from,
      "Factory",
      enc("Factory", "createAndKill", [`0x${"1".repeat(62)}0${Math.floor(random() * 3)}`]),
      0n,
      300_000n,
    );
  if (r < 0.7)
    return tx(
      w,
      from,
      undefined,
      fromHex(`${w.bytecode.Child}${"0".repeat(63)}${random() < 0.5 ? 1 : 0}`),
      amount,
      300_000n,
    );
  if (r < 0.74) return call(w, from, "Misc", enc("Misc", "fail", [random() < 0.5 ? 0 : 1]), 0n, 60_000n);
  if (r < 0.77)
    return call(
      w,
      from,
      "Misc",
      enc("Misc", "burn", [40 + Math.floor(random() * 60)]),
      0n,
      30_000n + BigInt(Math.floor(random() * 40_000)),
    );
  if (r < 0.81) return call(w, from, "Misc", enc("Misc", "readCoinbase", []), 0n, 60_000n);
  if (r < 0.85) return call(w, from, "Misc", enc("Misc", "payCoinbase", []), amount, 60_000n);
  if (r < 0.88) return tx(w, from, pick(COINBASES), new Uint8Array(0), amount + 1n, 21_000n);
  if (r < 0.93)
    return call(
      w,
      from,
      "Misc",
      enc("Misc", "nested", [w.contracts.Token, to, amount, w.contracts.Game]),
      random() < 0.5 ? amount : 0n,
      150_000n,
    );
  if (r < 0.96) return tx(w, from, to, new Uint8Array(0), 1n, 21_000n, random() < 0.5 ? 1n : -1n);
  if (r < 0.98) return tx(w, from, to, new Uint8Array(0), 10n ** 30n, 21_000n);
  return call(w, from, "Game", enc("Game", "move", [1, false]), 0n, 9_000_000n);
}
