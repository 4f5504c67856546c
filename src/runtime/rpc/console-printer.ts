/**
 * Solidity `console.log` for the parallel network: calls to Hardhat's console address are decoded with the
 * signatures of Hardhat's own `console.sol` (read from the installed hardhat package, so every overload is
 * covered) and printed with `util.format`, as Hardhat's network prints them.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import util from "node:util";

import { AbiCoder } from "ethers";

import { keccak256 } from "../crypto/keccak.js";
import { toHex } from "../util/hex.js";

let signatures: Map<string, string[]> | undefined;

function loadSignatures(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let source = "";
  try {
    source = readFileSync(createRequire(import.meta.url).resolve("hardhat/console.sol"), "utf8");
  } catch {
    return map;
  }
  for (const match of source.matchAll(/encodeWithSignature\("(log\(([^)]*)\))"/g)) {
    const [, signature = "", args = ""] = match;
    const selector = toHex(keccak256(new TextEncoder().encode(signature)).subarray(0, 4));
    map.set(selector, args === "" ? [] : args.split(","));
  }
  return map;
}

function display(value: unknown, type: string): unknown {
  if (typeof value === "bigint") return value.toString();
  // EDR prints addresses in lowercase; ethers decodes them checksummed.
  if (type === "address" && typeof value === "string") return value.toLowerCase();
  return value;
}

/** Decodes console.log calldata into the printed line (undefined for unknown calldata). */
export function decodeConsoleLog(data: Uint8Array): string | undefined {
  signatures ??= loadSignatures();
  const types = signatures.get(toHex(data.subarray(0, 4)));
  if (types === undefined) return undefined;
  try {
    const values = AbiCoder.defaultAbiCoder().decode(types, data.subarray(4));
    return util.format(...[...values].map((v, i) => display(v, types[i] ?? "")));
  } catch {
    return undefined;
  }
}

/** Prints console.log lines to a sink; silent while muted (gas estimation runs a call several times). */
export class ConsolePrinter {
  #muted = 0;
  /** Lines held back by `held` (innermost last), printed or dropped when its function ends. */
  readonly #holds: string[][] = [];

  constructor(private readonly sink: (line: string) => void) {}

  /** Decodes and prints one console call. */
  print(data: Uint8Array): void {
    if (this.#muted > 0) return;
    const line = decodeConsoleLog(data);
    if (line !== undefined) this.#emit(line);
  }

  /**
   * Runs `fn` holding its lines back; prints them afterwards if `keep(result)` holds (a failed gas estimate
   * prints what its run logged, as Hardhat's network does), else drops them.
   */
  async held<T>(fn: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
    const lines: string[] = [];
    this.#holds.push(lines);
    let result: T;
    try {
      result = await fn();
    } finally {
      this.#holds.pop();
    }
    if (keep(result)) for (const line of lines) this.#emit(line);
    return result;
  }

  #emit(line: string): void {
    const hold = this.#holds.at(-1);
    if (hold === undefined) this.sink(line);
    else hold.push(line);
  }

  /** Runs `fn` with printing off. */
  async muted<T>(fn: () => Promise<T>): Promise<T> {
    this.#muted++;
    try {
      return await fn();
    } finally {
      this.#muted--;
    }
  }
}
