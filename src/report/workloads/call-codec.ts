/**
 * Calldata of one contract's functions, fast: ethers' `Interface.encodeFunctionData` hashes the function's
 * signature again on every call (its `selector` getter runs keccak over the formatted signature), and
 * `getFunction(selector)` hashes every fragment's signature until one matches. A workload encodes thousands of
 * calls and names the function of every executed transaction, so both are cached here per function.
 */
import { AbiCoder, assertArgument, type FunctionFragment, type Interface } from "ethers";

interface EncodableFunction {
  readonly selector: string;
  readonly fragment: FunctionFragment;
}

/** Cached encoder and selector lookup over one ABI. */
export class CallCodec {
  readonly #iface: Interface;
  readonly #byKey = new Map<string, EncodableFunction>();
  #bySelector: Map<string, string> | undefined;

  constructor(iface: Interface) {
    this.#iface = iface;
  }

  /** `fn`'s calldata (a name or a full signature, as `Interface.encodeFunctionData` takes), 0x-prefixed. */
  encode(fn: string, args: readonly unknown[]): string {
    let entry = this.#byKey.get(fn);
    if (entry === undefined) {
      // As encodeFunctionData resolves it (no arguments: an ambiguous overloaded name throws the same error).
      const fragment = this.#iface.getFunction(fn);
      assertArgument(fragment !== null, "unknown function", "fragment", fn);
      entry = { selector: fragment.selector, fragment };
      this.#byKey.set(fn, entry);
    }
    return (
      entry.selector +
      AbiCoder.defaultAbiCoder()
        .encode(entry.fragment.inputs, [...args])
        .slice(2)
    );
  }

  /** Name of the function whose 4-byte selector is `selector` (0x-prefixed, lowercase), if any. */
  functionName(selector: string): string | undefined {
    if (this.#bySelector === undefined) {
      this.#bySelector = new Map();
      this.#iface.forEachFunction((f) => this.#bySelector?.set(f.selector, f.name));
    }
    return this.#bySelector.get(selector);
  }
}
