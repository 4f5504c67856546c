/**
 * Benchmark: state roots through our incremental trie vs @ethereumjs/mpt, in the same run.
 *
 * Scenario "erc20-2000" is the one in shared/FACTS.md: the writes of 2,000 ERC20 transfers — 2,000
 * senders (nonce and balance), the token contract and the coinbase (2,002 accounts) and 4,000
 * balance slots of the token — written into an empty state, then the root. Scenario
 * "incremental-1000" starts from an existing 10,000-account state (the token holding 10,000 slots)
 * and applies one block of 1,000 transfers (~1,000 accounts + token + coinbase, ~2,000 slots), then
 * the root; ours takes a `copy()` first, as the chain does per block. @ethereumjs/mpt is measured
 * with its default JS keccak (what the state manager uses) and with our wasm keccak plugged in.
 * Each side's roots are checked to be equal. Prints JSON and writes bench/results/state-root.json.
 *
 * Run: node --import tsx/esm bench/state-root.ts [--rounds N] [--mpt-rounds N]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { createMPT, type MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToHex, createAccount, hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { keccak256 as jsKeccak } from "ethereum-cryptography/keccak.js";

import { keccak256 } from "../src/runtime/crypto/keccak.js";
import { IncrementalStateRoot, type StateAccount } from "../src/runtime/trie/index.js";

interface AccountWrite {
  address: string;
  account: StateAccount;
}
interface SlotWrite {
  slot: string;
  value: bigint;
}
/** The writes of one batch of transfers: accounts plus slots of the token contract. */
interface Writes {
  accounts: AccountWrite[];
  token: StateAccount;
  slots: SlotWrite[];
}

const TOKEN = `0x${"70".repeat(20)}`;
const COINBASE = `0x${"c0".repeat(20)}`;
const CODE_HASH = keccak256(Uint8Array.of(0x60, 0x80, 0x60, 0x40));

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1] ?? fallback);
}

function addressOf(seed: number, i: number): string {
  return bytesToHex(keccak256(new TextEncoder().encode(`${seed}:${i}`)).subarray(12));
}

function slotOf(holder: string): string {
  return bytesToHex(keccak256(new Uint8Array([...hexToBytes(holder as `0x${string}`), ...new Uint8Array(32)])));
}

/** Writes of `count` transfers from senders `from..from+count` to fresh recipients. */
function transferWrites(seed: number, count: number, from: number, nonce: bigint): Writes {
  const accounts: AccountWrite[] = [{ address: COINBASE, account: eoa(nonce, 21000n * BigInt(count)) }];
  const slots: SlotWrite[] = [];
  for (let i = 0; i < count; i++) {
    const sender = addressOf(0, from + i);
    accounts.push({ address: sender, account: eoa(nonce + 1n, 10n ** 20n - BigInt(i + seed) * 10n ** 12n) });
    slots.push({ slot: slotOf(sender), value: 10n ** 22n - BigInt(seed + 1) * 1000n });
    slots.push({ slot: slotOf(addressOf(seed, 1_000_000 + i)), value: BigInt(seed + 1) * 1000n });
  }
  return { accounts, token: { nonce: 1n, balance: 0n, codeHash: CODE_HASH }, slots };
}

function eoa(nonce: bigint, balance: bigint): StateAccount {
  return { nonce, balance, codeHash: KECCAK256_NULL };
}

function applyOurs(state: IncrementalStateRoot, writes: Writes): Uint8Array {
  for (const { address, account } of writes.accounts) state.setAccount(address, account);
  state.setAccount(TOKEN, writes.token);
  for (const { slot, value } of writes.slots) state.setStorage(TOKEN, slot, value);
  return state.root();
}

interface MptState {
  accounts: MerklePatriciaTrie;
  token: MerklePatriciaTrie;
}

async function newMpt(hash: ((data: Uint8Array) => Uint8Array) | undefined): Promise<MptState> {
  const opts = hash === undefined ? { useKeyHashing: true } : { useKeyHashing: true, useKeyHashingFunction: hash };
  return { accounts: await createMPT(opts), token: await createMPT(opts) };
}

async function applyMpt(state: MptState, writes: Writes): Promise<Uint8Array> {
  for (const { slot, value } of writes.slots) {
    await state.token.put(hexToBytes(slot as `0x${string}`), RLP.encode(bigIntToUnpaddedBytes(value)));
  }
  const token = createAccount({ ...writes.token, storageRoot: state.token.root() });
  await state.accounts.put(hexToBytes(TOKEN as `0x${string}`), token.serialize());
  for (const { address, account } of writes.accounts) {
    await state.accounts.put(hexToBytes(address as `0x${string}`), createAccount(account).serialize());
  }
  return state.accounts.root();
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function summary(ms: number[], writes: number): { medianMs: number; roundsMs: number[]; microsPerWrite: number } {
  const m = median(ms);
  return { medianMs: round(m), roundsMs: ms.map(round), microsPerWrite: round((m * 1000) / writes) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

type Hash = ((data: Uint8Array) => Uint8Array) | undefined;

interface ScenarioResult {
  writes: number;
  ours: ReturnType<typeof summary>;
  mpt: ReturnType<typeof summary>;
  mptWasmKeccak: ReturnType<typeof summary>;
  speedupVsMpt: number;
  speedupVsMptWasmKeccak: number;
  rootsMatch: boolean;
}

function countWrites(writes: Writes): number {
  return writes.accounts.length + 1 + writes.slots.length;
}

/** Scenario 1: the 2,000-transfer writes into an empty state, then the root. */
async function fullBuild(rounds: number, mptRounds: number): Promise<ScenarioResult> {
  const writes = transferWrites(1, 2000, 0, 0n);
  const roots = new Set<string>();
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const { ms, result } = await timed(() => applyOurs(new IncrementalStateRoot(), writes));
    ours.push(ms);
    roots.add(bytesToHex(result));
  }
  const mptTimes = async (hash: Hash): Promise<number[]> => {
    const times: number[] = [];
    for (let r = 0; r < mptRounds; r++) {
      const state = await newMpt(hash);
      const { ms, result } = await timed(() => applyMpt(state, writes));
      times.push(ms);
      roots.add(bytesToHex(result));
    }
    return times;
  };
  return result(countWrites(writes), ours, await mptTimes(undefined), await mptTimes(keccak256), roots.size === 1);
}

function result(writes: number, ours: number[], mpt: number[], mptWasm: number[], rootsMatch: boolean): ScenarioResult {
  const o = summary(ours, writes);
  const m = summary(mpt, writes);
  const w = summary(mptWasm, writes);
  return {
    writes,
    ours: o,
    mpt: m,
    mptWasmKeccak: w,
    speedupVsMpt: round(m.medianMs / o.medianMs),
    speedupVsMptWasmKeccak: round(w.medianMs / o.medianMs),
    rootsMatch,
  };
}

const BASE_ACCOUNTS = 10_000;

function baseWrites(): Writes {
  const accounts: AccountWrite[] = [{ address: COINBASE, account: eoa(0n, 0n) }];
  const slots: SlotWrite[] = [];
  for (let i = 0; i < BASE_ACCOUNTS; i++) {
    const holder = addressOf(0, i);
    accounts.push({ address: holder, account: eoa(0n, 10n ** 20n) });
    slots.push({ slot: slotOf(holder), value: 10n ** 22n });
  }
  return { accounts, token: { nonce: 1n, balance: 0n, codeHash: CODE_HASH }, slots };
}

type RecordRoot = (round: number, root: Uint8Array) => void;

/** @ethereumjs/mpt on the same scenario: build the base once, then each block under a checkpoint. */
async function mptIncremental(hash: Hash, base: Writes, blocks: Writes[], rounds: number, record: RecordRoot) {
  const state = await newMpt(hash);
  const build = await timed(() => applyMpt(state, base));
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    state.accounts.checkpoint();
    state.token.checkpoint();
    const { ms, result } = await timed(() => applyMpt(state, blocks[r] ?? base));
    times.push(ms);
    record(r, result);
    await state.accounts.revert();
    await state.token.revert();
  }
  return { buildMs: round(build.ms), times };
}

/** Scenario 2: one 1,000-transfer block on top of a 10,000-account state (ours: on a `copy()`). */
async function incremental(rounds: number, mptRounds: number): Promise<ScenarioResult & { baseBuildMs: object }> {
  const base = baseWrites();
  const blocks = Array.from({ length: Math.max(rounds, mptRounds) }, (_, r) =>
    transferWrites(r + 1, 1000, (r * 1000) % (BASE_ACCOUNTS - 1000), 0n),
  );
  const rootsByRound = new Map<number, Set<string>>();
  const record: RecordRoot = (r, root) => {
    rootsByRound.set(r, (rootsByRound.get(r) ?? new Set<string>()).add(bytesToHex(root)));
  };
  const ourBase = new IncrementalStateRoot();
  const ourBuild = await timed(() => applyOurs(ourBase, base));
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const block = blocks[r] ?? base;
    const { ms, result } = await timed(() => applyOurs(ourBase.copy(), block));
    ours.push(ms);
    record(r, result);
  }
  const mpt = await mptIncremental(undefined, base, blocks, mptRounds, record);
  const mptWasm = await mptIncremental(keccak256, base, blocks, mptRounds, record);
  const rootsMatch = [...rootsByRound.values()].every((set) => set.size === 1);
  const baseBuildMs = { ours: round(ourBuild.ms), mpt: mpt.buildMs, mptWasmKeccak: mptWasm.buildMs };
  return { ...result(countWrites(blocks[0] ?? base), ours, mpt.times, mptWasm.times, rootsMatch), baseBuildMs };
}

function keccakMicros(hash: (data: Uint8Array) => Uint8Array, size: number, count: number): number {
  const data = keccak256(new Uint8Array([size])).subarray(0, Math.min(size, 32));
  const input = new Uint8Array(size).map((_, i) => data[i % data.length] ?? 0);
  for (let i = 0; i < 2000; i++) hash(input);
  const start = performance.now();
  for (let i = 0; i < count; i++) hash(input);
  return Math.round(((performance.now() - start) * 1000 * 1000) / count) / 1000;
}

async function main(): Promise<void> {
  const rounds = argument("--rounds", 9);
  const mptRounds = argument("--mpt-rounds", 3);
  const keccak: Record<string, { oursMicros: number; ethereumCryptographyMicros: number; speedup: number }> = {};
  for (const size of [32, 64]) {
    const ours = keccakMicros(keccak256, size, 200_000);
    const js = keccakMicros(jsKeccak, size, 50_000);
    keccak[`${size}B`] = { oursMicros: ours, ethereumCryptographyMicros: js, speedup: round(js / ours) };
  }
  const report = {
    benchmark: "state-root",
    node: process.version,
    cpus: cpus().length,
    rounds,
    mptRounds,
    keccak256: keccak,
    erc20Transfers2000: await fullBuild(rounds, mptRounds),
    incrementalBlock1000On10000: await incremental(rounds, mptRounds),
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  const out = join(dirname(fileURLToPath(import.meta.url)), "results", "state-root.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, json + "\n");
}

await main();
