/**
 * Watches the executions of one EVM context (a chain's main-thread EVM) and keeps, per top-level
 * transaction, its call frames and — when asked — the preimages of the 32- and 64-byte inputs it hashed
 * (mapping and array slots: `keccak(key . slot)`, `keccak(slot)`). Scoped to the context, not the process:
 * other chains and the trie's hashing are not seen. Costs nothing while detached.
 */
import type { CallFrame, ObservedExecution } from "../execution-record.js";
import { toHex } from "../util/hex.js";

import type { EvmContext, MessageFrame } from "./evm-context.js";

/** Frames kept at most between two `take` calls (a profile of a long test run must not grow without end). */
const MAX_KEPT = 10_000;

/**
 * An empty plain object that V8 keeps as a hash table from the start. Every digest is a new key: an object
 * grown from `{}` gets a new hidden class per key until V8 gives up on it, which made the keccak observer's
 * insertions about twice as slow (sample-project's report: ≈ 40,000 per run).
 */
function hashTable(): Record<string, string> {
  return Object.setPrototypeOf(Object.create(null), Object.prototype) as Record<string, string>;
}

/** Per-transaction observations of one EVM context. */
export class ExecutionObserver {
  readonly #preimages: boolean;
  #seen: ObservedExecution[] = [];
  /** The preimages of the transaction running (the last of `#seen`), when kept. */
  #preimagesNow: Record<string, string> | undefined;
  #context: EvmContext | undefined;

  constructor(options: { readonly preimages: boolean }) {
    this.#preimages = options.preimages;
  }

  /** Starts watching `context` (and stops watching the previous one). */
  attach(context: EvmContext): void {
    this.detach();
    this.#context = context;
    context.messageObserver = (frame) => this.#onFrame(frame);
    if (this.#preimages) context.keccakObserver = (input, output) => this.#onHash(input, output);
  }

  /** Stops watching. */
  detach(): void {
    if (this.#context === undefined) return;
    this.#context.messageObserver = undefined;
    this.#context.keccakObserver = undefined;
    this.#context = undefined;
  }

  /** The observations of the last `count` transactions, oldest first; forgets everything seen so far. */
  take(count: number): ObservedExecution[] {
    const taken = count === 0 ? [] : this.#seen.slice(-count);
    this.clear();
    return taken;
  }

  /** Forgets everything seen so far. */
  clear(): void {
    this.#seen = [];
    this.#preimagesNow = undefined;
  }

  #onFrame(frame: MessageFrame): void {
    if (frame.depth === 0) {
      this.#preimagesNow = this.#preimages ? hashTable() : undefined;
      this.#seen.push({ calls: [], preimages: this.#preimagesNow });
      if (this.#seen.length > MAX_KEPT) this.#seen.splice(0, this.#seen.length - MAX_KEPT / 10);
    }
    const current = this.#seen[this.#seen.length - 1];
    if (current !== undefined && frame.to !== undefined && !frame.delegatecall) {
      const call: CallFrame = { from: frame.caller, to: frame.to, input: toHex(frame.data) };
      current.calls.push(call);
    }
  }

  #onHash(input: Uint8Array, output: Uint8Array): void {
    const preimages = this.#preimagesNow;
    if (preimages !== undefined && (input.length === 32 || input.length === 64))
      preimages[toHex(output)] = toHex(input);
  }
}
