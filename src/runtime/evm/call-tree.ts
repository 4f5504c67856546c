/**
 * The call tree of every top-level execution of one EVM context, for hosts that name proxies the way
 * Hardhat's network does (`--gas-stats`: a frame that DELEGATECALLs with its own selector and returns what the
 * delegate returned is a proxy of that delegate). Listens to the EVM only while attached, so it costs nothing
 * otherwise; executions on worker threads are not seen (the host runs blocks on the main thread meanwhile).
 */
import { toHex } from "../util/hex.js";

import type { EvmContext } from "./evm-context.js";

/** One call frame. */
export interface CallNode {
  /** Address whose code ran (the delegate's for a DELEGATECALL); empty for a creation. */
  readonly codeAddress: string;
  readonly delegatecall: boolean;
  /** The calldata's first 4 bytes (fewer when shorter), copied: the EVM hands a view of the caller's memory. */
  readonly data: Uint8Array;
  output: Uint8Array;
  readonly children: CallNode[];
}

interface Message {
  /** Undefined for a creation (whose `codeAddress` getter throws). */
  readonly to?: unknown;
  readonly codeAddress: { toString(): string };
  readonly delegatecall?: boolean;
  readonly data: Uint8Array;
}

interface MessageResult {
  readonly execResult: { readonly returnValue: Uint8Array };
}

/** Most finished executions kept between two `take` calls. */
const MAX_KEPT = 1000;

/** Records the call trees of one context's executions. */
export class CallTreeRecorder {
  #open: CallNode[] = [];
  #roots: CallNode[] = [];
  #context: EvmContext | undefined;

  readonly #before = (message: Message): void => {
    const node: CallNode = {
      codeAddress: message.to === undefined ? "" : message.codeAddress.toString().toLowerCase(),
      delegatecall: message.delegatecall === true,
      data: message.data.slice(0, 4),
      output: new Uint8Array(0),
      children: [],
    };
    this.#open.at(-1)?.children.push(node);
    this.#open.push(node);
  };

  readonly #after = (result: MessageResult): void => {
    const node = this.#open.pop();
    if (node === undefined) return;
    node.output = result.execResult.returnValue.slice();
    if (this.#open.length > 0) return;
    this.#roots.push(node);
    if (this.#roots.length > MAX_KEPT) this.#roots.splice(0, this.#roots.length - MAX_KEPT);
  };

  /** Starts recording `context`'s executions (and stops recording the previous context's). */
  attach(context: EvmContext): void {
    if (this.#context === context) return;
    this.detach();
    this.#context = context;
    context.vm.evm.events?.on("beforeMessage", this.#before);
    context.vm.evm.events?.on("afterMessage", this.#after);
  }

  /** Stops recording. */
  detach(): void {
    this.#context?.vm.evm.events?.off("beforeMessage", this.#before);
    this.#context?.vm.evm.events?.off("afterMessage", this.#after);
    this.#context = undefined;
    this.#open = [];
  }

  /** The trees of the last `count` finished executions, oldest first; forgets every tree recorded so far. */
  take(count: number): CallNode[] {
    const taken = count === 0 ? [] : this.#roots.slice(-count);
    this.#roots = [];
    return taken;
  }
}

const selectorOf = (data: Uint8Array): string | undefined =>
  data.length >= 4 ? toHex(data.subarray(0, 4)) : undefined;

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The proxy chain of a call, as Hardhat's network detects it: `[implementation, …, outermost proxy]` when the
 * frame DELEGATECALLs a child with the same selector that returns the same output (recursively), else
 * undefined.
 */
export function proxyChainOf(node: CallNode): CallNode[] | undefined {
  const selector = selectorOf(node.data);
  if (selector === undefined) return undefined;
  const delegate = node.children.find(
    (c) => c.delegatecall && selectorOf(c.data) === selector && sameBytes(c.output, node.output),
  );
  if (delegate === undefined) return undefined;
  const inner = proxyChainOf(delegate);
  return inner === undefined ? [delegate, node] : [...inner, node];
}
