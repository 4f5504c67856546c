/**
 * Location patterns of the conflict assertions: `Token` (anything of the contract), `Token._balances` (the
 * variable, every key; also a member of a packed slot), `Token._balances[0xab…]` (one key: an address or a
 * number, compared case-insensitively), `Token._allowances[owner][0xab…]` (a name or `*` in brackets matches
 * any key: the name only documents the role), or a raw location key (`storage:0x…:0x…`, `balance:0x…`).
 * A pattern naming a contract or variable the chain does not have is refused with the names it could use.
 */
import { ParallelAssertionError } from "./errors.js";

/** A parsed pattern. */
export interface LabelPattern {
  readonly text: string;
  /** Raw location key patterns match the location itself. */
  readonly raw: boolean;
  readonly contract: string;
  readonly variable: string | undefined;
  /** Keys in brackets; `undefined` matches any key. */
  readonly keys: ReadonlyArray<string | undefined>;
  /** Struct member after the keys (`.debt`), if any. */
  readonly member: string | undefined;
}

interface ParsedLabel {
  readonly contract: string;
  readonly variables: readonly string[];
  readonly keys: readonly string[];
  readonly members: readonly string[];
}

const LABEL = /^([A-Za-z_$][\w$]*)(?:\.([\w$/]+))?((?:\[[^\]]*\])*)(?:\.([\w$/]+))?(?:\s*\((.*)\))?$/;
const RAW = /^(storage|balance|nonce|code):0x[0-9a-fA-F]+(:0x[0-9a-fA-F]+)?$/;
const CONCRETE_KEY = /^(0x[0-9a-fA-F]+|\d+)$/;

function bracketKeys(text: string): string[] {
  return [...text.matchAll(/\[([^\]]*)\]/g)].map((m) => (m[1] ?? "").trim());
}

/** Normalizes a concrete key: hex compared as a number, decimals as numbers. */
function normalizeKey(key: string): string {
  return CONCRETE_KEY.test(key) ? BigInt(key).toString(16) : key.toLowerCase();
}

/** Parses `text`; throws a `ParallelAssertionError` for a malformed pattern. */
export function parsePattern(text: string): LabelPattern {
  const trimmed = text.trim();
  if (RAW.test(trimmed)) {
    return { text: trimmed, raw: true, contract: "", variable: undefined, keys: [], member: undefined };
  }
  const match = LABEL.exec(trimmed);
  if (match === null || match[5] !== undefined) {
    throw new ParallelAssertionError(
      `"${text}" is not a location pattern. Write Contract, Contract.variable, Contract.variable[key][.member] ` +
        "(an address, a number, or a name/* for any key) or a raw key such as storage:0x…:0x….",
    );
  }
  const keys = bracketKeys(match[3] ?? "").map((k) => (CONCRETE_KEY.test(k) ? normalizeKey(k) : undefined));
  return { text: trimmed, raw: false, contract: match[1] ?? "", variable: match[2], keys, member: match[4] };
}

/** Refuses a pattern naming a contract or variable that `variables` (`Contract`, `Contract.variable`) lacks. */
export function checkPattern(pattern: LabelPattern, variables: readonly string[]): void {
  if (pattern.raw) return;
  const name = pattern.variable === undefined ? pattern.contract : `${pattern.contract}.${pattern.variable}`;
  if (variables.includes(name)) return;
  const close = variables.filter((v) => v.startsWith(`${pattern.contract}.`) || v === pattern.contract);
  const known = (close.length > 0 ? close : variables).slice(0, 25);
  throw new ParallelAssertionError(
    `unknown label "${pattern.text}": no contract deployed on this chain has ${name}. ` +
      (known.length === 0
        ? "No deployed contract was matched to the project's artifacts: compile, and deploy from this project."
        : `Use one of: ${known.join(", ")}${variables.length > known.length ? ", …" : ""}.`),
  );
}

function parseLabel(label: string): ParsedLabel | undefined {
  const match = LABEL.exec(label);
  if (match === null) return undefined;
  const split = (text: string | undefined): string[] => (text ?? "").split("/").filter((v) => v !== "");
  const keys = bracketKeys(match[3] ?? "").map(normalizeKey);
  return { contract: match[1] ?? "", variables: split(match[2]), keys, members: split(match[4]) };
}

/** Whether a location (its label and raw key) matches `pattern`. */
export function matchesPattern(pattern: LabelPattern, label: string, location: string): boolean {
  if (pattern.raw) return location.toLowerCase() === pattern.text.toLowerCase();
  const parsed = parseLabel(label);
  if (parsed === undefined || parsed.contract !== pattern.contract) return false;
  if (pattern.variable === undefined) return true;
  if (!parsed.variables.includes(pattern.variable)) return false;
  if (parsed.keys.length < pattern.keys.length) return false;
  if (pattern.member !== undefined && !parsed.members.includes(pattern.member)) return false;
  return pattern.keys.every((key, i) => key === undefined || parsed.keys[i] === key);
}
