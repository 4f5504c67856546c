/**
 * Calldata of one contract's functions, fast: ethers' `Interface.encodeFunctionData` hashes the function's
 * signature again on every call (its `selector` getter runs keccak over the formatted signature), and
 * `getFunction(selector)` hashes every fragment's signature until one matches. A workload encodes thousands of
 * calls and names the function of every executed transaction, so both are cached here per function.
 *
 * Arguments that are all plain one-word values (an address in lowercase hex, a bigint or safe integer in its
 * type's range, a boolean, a 32-byte hex string) or dynamic arrays of them (`address[] path` of a router's
 * swap) are written as words directly — what the ABI coder writes for them (an array: its offset in the head,
 * its length and elements in the tail), without its checksum hashing of every address; anything else goes
 * through the ABI coder. (The coder took ≈ 1 ms per `swapExactTokensForTokens(…, address[], …)` while the
 * report recorded: 0.45 s of a sample-project report's main thread.)
 */
import { AbiCoder, type FunctionFragment, type Interface, type ParamType } from "ethers";

type WordWriter = (value: unknown) => string | undefined;

/** How one input is written: a one-word value in the head, or a dynamic array of one-word values in the tail. */
interface InputWriter {
  readonly word: WordWriter;
  readonly array: boolean;
}

interface EncodableFunction {
  readonly selector: string;
  readonly fragment: FunctionFragment;
  /** Writers of the inputs, when every input is a one-word type or a dynamic array of one. */
  readonly writers: readonly InputWriter[] | undefined;
}

const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const WORD_HEX = /^0x[0-9a-fA-F]{64}$/;
const TWO_256 = 2n ** 256n;

function integer(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

/** The writer of one static type as a 64-digit word, undefined for a value it leaves to the ABI coder. */
function wordWriter(type: string): WordWriter | undefined {
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

/** The writer of one input, undefined for a type left to the ABI coder. */
function inputWriter(param: ParamType): InputWriter | undefined {
  const word = wordWriter(param.type);
  if (word !== undefined) return { word, array: false };
  if (param.baseType !== "array" || param.arrayLength !== -1 || param.arrayChildren === null) return undefined;
  const element = wordWriter(param.arrayChildren.type);
  return element === undefined ? undefined : { word: element, array: true };
}

function inputWriters(fragment: FunctionFragment): EncodableFunction["writers"] {
  const writers = fragment.inputs.map(inputWriter);
  return writers.every((w) => w !== undefined) ? (writers as InputWriter[]) : undefined;
}

function lengthWord(n: number): string {
  return n.toString(16).padStart(64, "0");
}

/** A dynamic array's tail (length, then the elements), or undefined when an element needs the ABI coder. */
function arrayWords(write: WordWriter, value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  let out = lengthWord(value.length);
  for (let i = 0; i < value.length; i++) {
    const word = write(value[i]);
    if (word === undefined) return undefined;
    out += word;
  }
  return out;
}

/** The arguments as words, or undefined when one of them needs the ABI coder (or the count is off). */
function asWords(entry: EncodableFunction, args: readonly unknown[]): string | undefined {
  const writers = entry.writers;
  if (writers === undefined || writers.length !== args.length) return undefined;
  let head = "";
  let tail = "";
  for (const [i, writer] of writers.entries()) {
    const words = writer.array ? arrayWords(writer.word, args[i]) : writer.word(args[i]);
    if (words === undefined) return undefined;
    if (!writer.array) {
      head += words;
      continue;
    }
    // The offset of the array's tail from the start of the arguments: every input has one word in the head.
    head += lengthWord(32 * writers.length + tail.length / 2);
    tail += words;
  }
  return head + tail;
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
      entry = { selector: fragment.selector, fragment, writers: inputWriters(fragment) };
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
