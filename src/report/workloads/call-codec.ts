/**
 * Calldata of one contract's functions, fast: ethers' `Interface.encodeFunctionData` hashes the function's
 * signature again on every call (its `selector` getter runs keccak over the formatted signature), and
 * `getFunction(selector)` hashes every fragment's signature until one matches. A workload encodes thousands of
 * calls and names the function of every executed transaction, so both are cached here per function.
 *
 * Arguments that are all plain one-word values (an address in lowercase hex, a bigint or safe integer in its
 * type's range, a boolean, a 32-byte hex string) are written as words directly — what the ABI coder writes
 * for them, without its checksum hashing of every address; anything else goes through the ABI coder.
 */
import { AbiCoder, type FunctionFragment, type Interface } from "ethers";

interface EncodableFunction {
  readonly selector: string;
  readonly fragment: FunctionFragment;
  /** Word writers of the inputs, when every input is a one-word type. */
  readonly words: ReadonlyArray<(value: unknown) => string | undefined> | undefined;
}

const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const WORD_HEX = /^0x[0-9a-fA-F]{64}$/;
const TWO_256 = 2n ** 256n;

function integer(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

/** The writer of one static type as a 64-digit word, undefined for a value it leaves to the ABI coder. */
function wordWriter(type: string): ((value: unknown) => string | undefined) | undefined {
  if (type === "address")
    return (v) => (typeof v === "string" && LOWER_ADDRESS.test(v) ? v.slice(2).padStart(64, "0") : undefined);
  if (type === "bool") return (v) => (typeof v === "boolean" ? (v ? "1" : "0").padStart(64, "0") : undefined);
  if (type === "bytes32")
    return (v) => (typeof v === "string" && WORD_HEX.test(v) ? v.slice(2).toLowerCase() : undefined);
  const match = /^(u?)int(\d+)$/.exec(type);
  if (match === null) return undefined;
  const bits = BigInt(match[2] ?? "256");
  const [low, high] = match[1] === "u" ? [0n, 2n ** bits] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n)];
  return (v) => {
    const n = integer(v);
    if (n === undefined || n < low || n >= high) return undefined;
    return (n < 0n ? TWO_256 + n : n).toString(16).padStart(64, "0");
  };
}

function wordWriters(fragment: FunctionFragment): EncodableFunction["words"] {
  const writers = fragment.inputs.map((input) => wordWriter(input.type));
  return writers.every((w) => w !== undefined) ? (writers as Array<(value: unknown) => string | undefined>) : undefined;
}

/** The arguments as words, or undefined when one of them needs the ABI coder (or the count is off). */
function asWords(entry: EncodableFunction, args: readonly unknown[]): string | undefined {
  const writers = entry.words;
  if (writers === undefined || writers.length !== args.length) return undefined;
  let out = "";
  for (let i = 0; i < writers.length; i++) {
    const word = writers[i]?.(args[i]);
    if (word === undefined) return undefined;
    out += word;
  }
  return out;
}

/**
 * The function `fn` names in `iface` (a name or a full signature), or an error a workload author can act on:
 * an unknown name lists the contract's functions, an overloaded name lists the signatures to choose from.
 */
export function resolveFunction(iface: Interface, fn: string, contract: string): FunctionFragment {
  const all: FunctionFragment[] = [];
  iface.forEachFunction((f) => all.push(f));
  const byName = all.filter((f) => (fn.includes("(") ? f.format("sighash") === fn.replace(/\s/g, "") : f.name === fn));
  const signatures = (list: readonly FunctionFragment[]): string =>
    list
      .map((f) => `"${f.format("sighash")}"`)
      .sort()
      .join(", ");
  const [only, ...others] = byName;
  if (only === undefined)
    throw new Error(
      `${contract} has no function "${fn}"` +
        (all.length === 0 ? " (its ABI has no functions)" : ` (its functions: ${signatures(all)})`),
    );
  if (others.length > 0)
    throw new Error(`${contract}.${fn} is overloaded: name one by its signature, one of ${signatures(byName)}`);
  return only;
}

/** Cached encoder and selector lookup over one ABI. */
export class CallCodec {
  readonly #iface: Interface;
  readonly #contract: string;
  readonly #byKey = new Map<string, EncodableFunction>();
  #bySelector: Map<string, string> | undefined;

  /** `contract` names the ABI's contract in errors. */
  constructor(iface: Interface, contract = "the contract") {
    this.#iface = iface;
    this.#contract = contract;
  }

  /** `fn`'s calldata (a name or a full signature, as `Interface.encodeFunctionData` takes), 0x-prefixed. */
  encode(fn: string, args: readonly unknown[]): string {
    let entry = this.#byKey.get(fn);
    if (entry === undefined) {
      const fragment = resolveFunction(this.#iface, fn, this.#contract);
      entry = { selector: fragment.selector, fragment, words: wordWriters(fragment) };
      this.#byKey.set(fn, entry);
    }
    const words = asWords(entry, args);
    if (words !== undefined) return entry.selector + words;
    try {
      return (
        entry.selector +
        AbiCoder.defaultAbiCoder()
          .encode(entry.fragment.inputs, [...args])
          .slice(2)
      );
    } catch (error) {
      const signature = entry.fragment.format("sighash");
      const show = (a: unknown) => JSON.stringify(a, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
      const given = args.map((a) => (typeof a === "bigint" ? `${a}n` : (show(a) ?? String(a)))).join(", ");
      const problem = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot encode ${this.#contract}.${signature} with arguments (${given}): ${problem}`, {
        cause: error,
      });
    }
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
