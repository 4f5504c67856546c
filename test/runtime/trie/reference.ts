/**
 * Test helpers: a seeded PRNG, a plain model of the world state, and its root computed from
 * scratch by @ethereumjs/mpt (the reference implementation the incremental trie must match).
 */
import { createMPT } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToHex, createAccount, hexToBytes, setLengthLeft } from "@ethereumjs/util";

import type { StateAccount } from "../../../src/runtime/trie/index.js";

/** Deterministic PRNG (mulberry32). */
export class Rng {
  constructor(private state: number) {}

  /** Uniform integer in [0, n). */
  int(n: number): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  hex(n: number): string {
    return bytesToHex(this.bytes(n));
  }

  /** A value of varied magnitude: small, medium or up to 2^256 - 1. */
  bigint(): bigint {
    const size = [1, 2, 8, 20, 32][this.int(5)] ?? 32;
    return BigInt(bytesToHex(this.bytes(size))) + 1n;
  }

  account(): StateAccount {
    return { nonce: BigInt(this.int(1000)), balance: this.bigint(), codeHash: this.bytes(32) };
  }
}

/** A plain model: accounts and per-address storage, kept independently (as the flat store does). */
export class ModelState {
  accounts = new Map<string, StateAccount>();
  storage = new Map<string, Map<string, bigint>>();

  setStorage(address: string, slot: string, value: bigint): void {
    const slots = this.storage.get(address) ?? new Map<string, bigint>();
    const padded = bytesToHex(setLengthLeft(hexToBytes(slot as `0x${string}`), 32));
    if (value === 0n) slots.delete(padded);
    else slots.set(padded, value);
    this.storage.set(address, slots);
  }

  clone(): ModelState {
    const copy = new ModelState();
    copy.accounts = new Map(this.accounts);
    for (const [address, slots] of this.storage) copy.storage.set(address, new Map(slots));
    return copy;
  }
}

/** Storage root of one address in the model, through @ethereumjs/mpt. */
export async function referenceStorageRoot(model: ModelState, address: string): Promise<Uint8Array> {
  const trie = await createMPT({ useKeyHashing: true });
  for (const [slot, value] of model.storage.get(address) ?? []) {
    await trie.put(hexToBytes(slot as `0x${string}`), RLP.encode(bigIntToUnpaddedBytes(value)));
  }
  return trie.root();
}

/** Builds the model's secure account trie with @ethereumjs/mpt (for roots and proofs). */
export async function referenceStateTrie(model: ModelState): Promise<Awaited<ReturnType<typeof createMPT>>> {
  const trie = await createMPT({ useKeyHashing: true });
  for (const [address, account] of model.accounts) {
    const storageRoot = await referenceStorageRoot(model, address);
    const serialized = createAccount({ ...account, storageRoot }).serialize();
    await trie.put(hexToBytes(address as `0x${string}`), serialized);
  }
  return trie;
}

/** The model's state root through @ethereumjs/mpt. */
export async function referenceStateRoot(model: ModelState): Promise<Uint8Array> {
  return (await referenceStateTrie(model)).root();
}
