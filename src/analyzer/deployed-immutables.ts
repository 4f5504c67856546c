/**
 * The values of a deployment's immutables, read from its deployed code: solc writes each immutable's 32-byte
 * word into the runtime code at the offsets of `evm.deployedBytecode.immutableReferences` (by the variable's
 * AST id). The analysis keeps, per contract, the first offset of each immutable by name
 * (`ContractJson.immutables`); with the code found at an address, keys computed from immutables (Uniswap V2's
 * `pairFor` over the router's `factory`, `key-value-sets.ts`) get their values for transactions to it.
 * A name two immutables of the contract share (a base's and a derived one's) is left out: its value is "any".
 */
import type { BuildContext } from "./contract-context.js";
import type { Immutables } from "./key-value-sets.js";
import type { AnalysisResult, ContractJson } from "./result.js";

/** solc's `immutableReferences`: AST id of the variable → byte ranges of the deployed code holding its word. */
export type ImmutableReferences = Record<string, readonly { start: number; length: number }[]>;

/** Byte offset (in the deployed code) of each immutable's 32-byte word, by the variable's name. */
export type ImmutableOffsets = Record<string, number>;

/** The offsets of a contract's immutables by name, from its output's references; undefined when it has none. */
export function immutableOffsets(
  build: Pick<BuildContext, "node">,
  refs: ImmutableReferences | undefined,
): ImmutableOffsets | undefined {
  const byName = new Map<string, number | null>();
  for (const [id, ranges] of Object.entries(refs ?? {})) {
    const decl = build.node(Number(id));
    const [first] = ranges;
    if (decl?.nodeType !== "VariableDeclaration" || first === undefined || first.length !== 32) continue;
    byName.set(decl.name, byName.has(decl.name) ? null : first.start);
  }
  const known = [...byName].filter((e): e is [string, number] => e[1] !== null);
  return known.length === 0 ? undefined : Object.fromEntries(known);
}

/** The immutables' values in one deployment's code (hex, `0x` optional): name → 32-byte word as `0x` hex. */
export function immutableValues(contract: Pick<ContractJson, "immutables">, code: string): Record<string, string> {
  const hex = code.startsWith("0x") || code.startsWith("0X") ? code.slice(2) : code;
  const out: Record<string, string> = {};
  for (const [name, start] of Object.entries(contract.immutables ?? {})) {
    const word = hex.slice(start * 2, start * 2 + 64);
    if (word.length === 64 && /^[0-9a-fA-F]+$/.test(word)) out[name] = `0x${word.toLowerCase()}`;
  }
  return out;
}

/**
 * The immutables of every deployment whose code is known (`codes`: address → deployed code), for
 * `mayConflict`/`placedAccesses`: by lowercase address, for the contracts `deployments` names there.
 */
export function deployedImmutables(
  result: AnalysisResult,
  deployments: Readonly<Record<string, string>>,
  codes: Readonly<Record<string, string>>,
): Immutables {
  const out: Record<string, Record<string, string>> = {};
  for (const [address, name] of Object.entries(deployments)) {
    const code = codes[address] ?? codes[address.toLowerCase()];
    const contract = result.contracts.find((c) => c.name === name || `${c.sourceName}:${c.name}` === name);
    if (code === undefined || contract?.immutables === undefined) continue;
    const values = immutableValues(contract, code);
    if (Object.keys(values).length > 0) out[address.toLowerCase()] = values;
  }
  return out;
}
