/**
 * References into the sources for Solidity stack traces, in EDR's shapes: a stack entry and its source reference
 * (file, contract, function, line, byte range), the function a location is in, and the reference of a location.
 */
import type { MappedCode, SourceLocation } from "./source-maps.js";

/** EDR's SourceReference: where an entry points in the sources. */
export interface SourceReference {
  readonly sourceName: string;
  readonly sourceContent: string;
  readonly contract?: string;
  readonly function?: string;
  readonly line: number;
  readonly range: readonly [number, number];
}

/** One entry of the stack trace, in EDR's shape (its StackTraceEntryType numbers). */
export interface StackEntry {
  readonly type: number;
  readonly sourceReference: SourceReference;
  readonly functionType?: number;
  readonly pc?: number;
  readonly errorCode?: bigint;
  readonly message?: string;
  readonly returnData?: Uint8Array;
  readonly isInvalidOpcodeError?: boolean;
  /** The value of a refused call (the dispatcher's refusals). */
  readonly value?: bigint;
}

/** The 1-based line of byte `offset` of `content`. */
export function lineOf(content: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < content.length; i++) if (content[i] === 0x0a) line++;
  return line;
}

const FREE_FUNCTION = 6;
const SPECIAL_NAMES: Readonly<Record<number, string>> = { 0: "constructor", 2: "<fallback>", 3: "<receive>" };

/** Whether `inner` lies within `outer`. */
function contains(outer: SourceLocation, inner: SourceLocation): boolean {
  return (
    outer.file === inner.file &&
    inner.offset >= outer.offset &&
    inner.offset + inner.length <= outer.offset + outer.length
  );
}

/** The function, modifier or free function a location is in. */
export function containingFunction(code: MappedCode, location: SourceLocation) {
  return code.sources.get(location.file)?.functions.find((f) => contains(f.location, location));
}

/** The reference of `location` in function `fn` (or in the contract), as EDR names it. */
export function referenceAt(code: MappedCode, location: SourceLocation, fn?: { name: string; type: number }) {
  const source = code.sources.get(location.file);
  if (source === undefined) return undefined;
  const reference: SourceReference = {
    sourceName: source.sourceName,
    sourceContent: source.content.toString("utf8"),
    line: lineOf(source.content, location.offset),
    range: [location.offset, location.offset + location.length],
  };
  if (fn === undefined) return { ...reference, contract: code.contract };
  const name = SPECIAL_NAMES[fn.type] ?? fn.name;
  return fn.type === FREE_FUNCTION
    ? { ...reference, function: name }
    : { ...reference, contract: code.contract, function: name };
}

/** EDR's reference of a location: only a location inside a function has one. */
export function reference(code: MappedCode, location: SourceLocation | undefined): SourceReference | undefined {
  const fn = location === undefined ? undefined : containingFunction(code, location);
  return location === undefined || fn === undefined ? undefined : referenceAt(code, location, fn);
}

/** A reference to `location` (EDR's SourceReference), naming the frame's contract and `fn` when given. */
export function referenceTo(code: MappedCode, location: SourceLocation, fn?: string): SourceReference | undefined {
  const source = code.sources.get(location.file);
  if (source === undefined) return undefined;
  return {
    sourceName: source.sourceName,
    sourceContent: source.content.toString("utf8"),
    contract: code.contract,
    ...(fn === undefined ? {} : { function: fn }),
    line: lineOf(source.content, location.offset),
    range: [location.offset, location.offset + location.length],
  };
}
