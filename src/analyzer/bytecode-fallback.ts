/**
 * Bytecode fallback: abstract interpretation of runtime bytecode for contracts whose storageLayout is empty or
 * missing. Paths are explored from the dispatcher with a symbolic stack and constant-offset memory; a path
 * enters a function when it takes `selector == C`. Slots of SLOAD/SSTORE are recovered as constants,
 * `keccak(key . slot)` chains (keys: CALLER, ORIGIN, calldata words, constants, storage values) and offsets;
 * anything else, an unresolved jump or an exhausted budget is an unknown access of the function.
 */
import { keccakBig, word } from "./constants.js";
import type { Access, ExternalCall } from "./collect-accesses.js";
import { type FunctionSummary, finishSummary } from "./function-summaries.js";
import { type KeySource, type Level, type SymbolicLocation, unknownLocation } from "./locations.js";

type AVal =
  | { k: "c"; v: bigint }
  | { k: "caller" | "origin" | "sel" | "top" | "sload" }
  | { k: "cd"; off: bigint }
  | { k: "sha"; words: AVal[] }
  | { k: "add"; base: AVal; off: bigint | null }
  | { k: "eqsel"; v: bigint };

interface State {
  pc: number;
  stack: AVal[];
  mem: Map<bigint, AVal>;
  sel: string;
}

const TOP: AVal = { k: "top" };
const MASK = (1n << 256n) - 1n;
const MAX_STEPS = 400_000;
const MAX_VISITS = 24;
/** [pops, pushes] of opcodes without special handling. */
const ARITY: Record<number, [number, number]> = {
  0x02: [2, 1],
  0x03: [2, 1],
  0x04: [2, 1],
  0x05: [2, 1],
  0x06: [2, 1],
  0x07: [2, 1],
  0x08: [3, 1],
  0x09: [3, 1],
  0x0a: [2, 1],
  0x0b: [2, 1],
  0x10: [2, 1],
  0x11: [2, 1],
  0x12: [2, 1],
  0x13: [2, 1],
  0x17: [2, 1],
  0x18: [2, 1],
  0x19: [1, 1],
  0x1a: [2, 1],
  0x1b: [2, 1],
  0x1d: [2, 1],
  0x30: [0, 1],
  0x31: [1, 1],
  0x34: [0, 1],
  0x36: [0, 1],
  0x37: [3, 0],
  0x38: [0, 1],
  0x39: [3, 0],
  0x3a: [0, 1],
  0x3b: [1, 1],
  0x3c: [4, 0],
  0x3d: [0, 1],
  0x3e: [3, 0],
  0x3f: [1, 1],
  0x40: [1, 1],
  0x41: [0, 1],
  0x42: [0, 1],
  0x43: [0, 1],
  0x44: [0, 1],
  0x45: [0, 1],
  0x46: [0, 1],
  0x47: [0, 1],
  0x48: [0, 1],
  0x49: [1, 1],
  0x4a: [0, 1],
  0x53: [3, 0],
  0x58: [0, 1],
  0x59: [0, 1],
  0x5a: [0, 1],
  0x5c: [1, 1],
  0x5d: [2, 0],
  0x5e: [3, 0],
  0xa0: [2, 0],
  0xa1: [3, 0],
  0xa2: [4, 0],
  0xa3: [5, 0],
  0xa4: [6, 0],
};

const c = (v: bigint): AVal => ({ k: "c", v: v & MASK });

function add(a: AVal, b: AVal): AVal {
  if (a.k === "c" && b.k === "c") return c(a.v + b.v);
  const [x, y] = a.k === "c" ? [b, a] : [a, b];
  if (y.k === "c" && (x.k === "sha" || x.k === "add"))
    return x.k === "add" && x.off !== null ? { ...x, off: x.off + y.v } : { k: "add", base: x, off: y.v };
  if (x.k === "sha") return { k: "add", base: x, off: null };
  if (y.k === "sha") return { k: "add", base: y, off: null };
  return TOP;
}

function binary(op: number, a: AVal, b: AVal): AVal {
  if (op === 0x01) return add(a, b);
  if (op === 0x14) {
    if (a.k === "sel" && b.k === "c") return { k: "eqsel", v: b.v };
    if (b.k === "sel" && a.k === "c") return { k: "eqsel", v: a.v };
  }
  if (op === 0x1c && a.k === "c" && a.v === 224n && b.k === "cd" && b.off === 0n) return { k: "sel" };
  if (op === 0x04 && b.k === "c" && b.v === 1n << 224n && a.k === "cd" && a.off === 0n) return { k: "sel" };
  if (op === 0x16 && (a.k === "sel" || b.k === "sel")) return { k: "sel" };
  const masked = (x: AVal) => x.k === "caller" || x.k === "origin" || x.k === "cd" || x.k === "sload";
  if (op === 0x16 && a.k === "c" && masked(b)) return b;
  if (op === 0x16 && b.k === "c" && masked(a)) return a;
  if (a.k !== "c" || b.k !== "c") return TOP;
  const ops: Record<number, (x: bigint, y: bigint) => bigint> = {
    0x02: (x, y) => x * y,
    0x03: (x, y) => x - y,
    0x04: (x, y) => (y === 0n ? 0n : x / y),
    0x16: (x, y) => x & y,
    0x17: (x, y) => x | y,
    0x18: (x, y) => x ^ y,
    0x1b: (x, y) => (x > 255n ? 0n : y << x),
    0x1c: (x, y) => (x > 255n ? 0n : y >> x),
    0x14: (x, y) => (x === y ? 1n : 0n),
  };
  const f = ops[op];
  return f === undefined ? TOP : c(f(a.v, b.v));
}

function keyOf(v: AVal | undefined): KeySource {
  if (v === undefined) return { kind: "unknown", reason: "missing key" };
  if (v.k === "caller") return { kind: "sender" };
  if (v.k === "origin") return { kind: "origin" };
  if (v.k === "c") return { kind: "const", text: `0x${v.v.toString(16)}`, value: v.v.toString() };
  if (v.k === "cd" && v.off >= 4n && (v.off - 4n) % 32n === 0n) {
    const index = Number((v.off - 4n) / 32n);
    return { kind: "param", name: `arg${index}`, index };
  }
  if (v.k === "sload") return { kind: "storage", text: "storage value" };
  return { kind: "unknown", reason: "computed key in bytecode" };
}

function levelsOf(v: AVal): Level[] | undefined {
  if (v.k === "c") return [{ via: "root", start: v.v, span: 1n }];
  if (v.k === "add") {
    const inner = levelsOf(v.base);
    const last = inner?.[inner.length - 1];
    if (inner === undefined || last === undefined) return undefined;
    if (v.off === null) return [...inner.slice(0, -1), { ...last, key: undefined, span: null }];
    return [...inner.slice(0, -1), { ...last, start: last.start + v.off }];
  }
  if (v.k !== "sha") return undefined;
  const base = levelsOf(v.words[v.words.length - 1] ?? TOP);
  if (base === undefined || v.words.length > 2) return undefined;
  if (v.words.length === 1) return [...base, { via: "array", start: 0n, span: 1n, key: undefined }];
  return [...base, { via: "map", key: keyOf(v.words[0]), start: 0n, span: 1n }];
}

function location(v: AVal | undefined): SymbolicLocation {
  const levels = v === undefined ? undefined : levelsOf(v);
  if (levels === undefined) return unknownLocation("SLOAD/SSTORE at a slot the bytecode fallback cannot resolve");
  const text = levels
    .map((l, i) =>
      i === 0
        ? `slot(0x${l.start.toString(16)})`
        : `[${l.key ? keyOf2Text(l.key) : "*"}]${l.start > 0n ? `+${l.start}` : ""}`,
    )
    .join("");
  return { text, root: { kind: "slot" }, levels, deep: false, type: { kind: "value", bytes: 32 } };
}

function keyOf2Text(k: KeySource): string {
  return k.kind === "sender"
    ? "msg.sender"
    : k.kind === "origin"
      ? "tx.origin"
      : k.kind === "param"
        ? k.name
        : k.kind === "const"
          ? k.text
          : "?";
}

function sha(mem: Map<bigint, AVal>, off: AVal | undefined, len: AVal | undefined): AVal {
  if (off?.k !== "c" || len?.k !== "c" || len.v % 32n !== 0n || len.v > 96n) return TOP;
  const words: AVal[] = [];
  for (let i = 0n; i < len.v; i += 32n) words.push(mem.get(off.v + i) ?? TOP);
  if (words.every((w) => w.k === "c"))
    return c(keccakBig(Buffer.concat(words.map((w) => word((w as { v: bigint }).v)))));
  return { k: "sha", words };
}

interface Recorder {
  accesses: Map<string, Access[]>;
  calls: Map<string, ExternalCall[]>;
  incomplete: Set<string>;
}

function record(r: Recorder, sel: string, access: Access): void {
  r.accesses.set(sel, [...(r.accesses.get(sel) ?? []), access]);
}

/** Explores one path step; returns the successor states. */
function step(code: Uint8Array, jumpdests: Set<number>, s: State, r: Recorder): State[] {
  const op = code[s.pc] ?? 0x00;
  const pop = (): AVal => s.stack.pop() ?? TOP;
  const next = (pc: number): State[] => [{ ...s, pc }];
  if (op >= 0x5f && op <= 0x7f) {
    const n = op - 0x5f;
    s.stack.push(
      c(n === 0 ? 0n : BigInt(`0x${Buffer.from(code.subarray(s.pc + 1, s.pc + 1 + n)).toString("hex") || "0"}`)),
    );
    return next(s.pc + 1 + n);
  }
  if (op >= 0x80 && op <= 0x8f) {
    s.stack.push(s.stack[s.stack.length - 1 - (op - 0x80)] ?? TOP);
    return next(s.pc + 1);
  }
  if (op >= 0x90 && op <= 0x9f) {
    const i = s.stack.length - 1;
    const j = i - (op - 0x8f);
    const [a, b] = [s.stack[i] ?? TOP, s.stack[j] ?? TOP];
    s.stack[i] = b;
    s.stack[j] = a;
    return next(s.pc + 1);
  }
  const src = `bytecode:${s.pc}`;
  switch (op) {
    case 0x00:
    case 0xf3:
    case 0xfd:
    case 0xfe:
    case 0xff:
      return [];
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x14:
    case 0x16:
    case 0x17:
    case 0x18:
    case 0x1b:
    case 0x1c: {
      const a = pop();
      const b = pop();
      s.stack.push(binary(op, a, b));
      return next(s.pc + 1);
    }
    case 0x15: {
      const a = pop();
      s.stack.push(a.k === "c" ? c(a.v === 0n ? 1n : 0n) : TOP);
      return next(s.pc + 1);
    }
    case 0x20: {
      const [off, len] = [pop(), pop()];
      s.stack.push(sha(s.mem, off, len));
      return next(s.pc + 1);
    }
    case 0x33:
      s.stack.push({ k: "caller" });
      return next(s.pc + 1);
    case 0x32:
      s.stack.push({ k: "origin" });
      return next(s.pc + 1);
    case 0x35: {
      const off = pop();
      s.stack.push(off.k === "c" ? { k: "cd", off: off.v } : TOP);
      return next(s.pc + 1);
    }
    case 0x50:
      pop();
      return next(s.pc + 1);
    case 0x51: {
      const off = pop();
      s.stack.push(off.k === "c" ? (s.mem.get(off.v) ?? TOP) : TOP);
      return next(s.pc + 1);
    }
    case 0x52: {
      const [off, val] = [pop(), pop()];
      s.mem = new Map(s.mem);
      if (off.k === "c") s.mem.set(off.v, val);
      else s.mem.clear();
      return next(s.pc + 1);
    }
    case 0x53:
      pop();
      pop();
      s.mem = new Map();
      return next(s.pc + 1);
    case 0x54: {
      record(r, s.sel, { mode: "read", location: location(pop()), commutative: false, src });
      s.stack.push({ k: "sload" });
      return next(s.pc + 1);
    }
    case 0x55: {
      const slot = pop();
      pop();
      record(r, s.sel, { mode: "write", location: location(slot), commutative: false, src });
      return next(s.pc + 1);
    }
    case 0x56: {
      const target = pop();
      if (target.k === "c" && jumpdests.has(Number(target.v))) return next(Number(target.v));
      r.incomplete.add(s.sel);
      return [];
    }
    case 0x57: {
      const [target, cond] = [pop(), pop()];
      const fall: State = { ...s, stack: [...s.stack], pc: s.pc + 1 };
      if (target.k !== "c" || !jumpdests.has(Number(target.v))) {
        r.incomplete.add(s.sel);
        return [fall];
      }
      const taken: State = { ...s, stack: [...s.stack], pc: Number(target.v) };
      if (cond.k === "eqsel") taken.sel = cond.v.toString(16).padStart(8, "0");
      if (cond.k === "c") return cond.v === 0n ? [fall] : [taken];
      return [taken, fall];
    }
    case 0xf0:
    case 0xf1:
    case 0xf2:
    case 0xf4:
    case 0xf5:
    case 0xfa:
      return [callOp(op, s, r, src)];
    default: {
      const [pops, pushes] = ARITY[op] ?? [0, 0];
      for (let i = 0; i < pops; i++) pop();
      for (let i = 0; i < pushes; i++) s.stack.push(TOP);
      return next(s.pc + 1);
    }
  }
}

function callOp(op: number, s: State, r: Recorder, src: string): State {
  const pops = op === 0xf0 ? 3 : op === 0xf5 ? 4 : op === 0xf1 || op === 0xf2 ? 7 : 6;
  for (let i = 0; i < pops; i++) s.stack.pop();
  s.stack.push(TOP);
  s.mem = new Map();
  const kind: ExternalCall["kind"] =
    op === 0xf4 || op === 0xf2 ? "delegatecall" : op === 0xfa ? "staticcall" : op === 0xf1 ? "call" : "create";
  r.calls.set(s.sel, [...(r.calls.get(s.sel) ?? []), { kind, target: "<bytecode>", fn: kind, src }]);
  if (kind === "delegatecall")
    record(r, s.sel, {
      mode: "write",
      location: unknownLocation("delegatecall runs foreign code on this storage"),
      commutative: false,
      src,
    });
  return { ...s, pc: s.pc + 1 };
}

function jumpdestsOf(code: Uint8Array): Set<number> {
  const dests = new Set<number>();
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc] ?? 0;
    if (op === 0x5b) dests.add(pc);
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return dests;
}

function explore(code: Uint8Array): Recorder {
  const r: Recorder = { accesses: new Map(), calls: new Map(), incomplete: new Set() };
  const jumpdests = jumpdestsOf(code);
  const visits = new Map<string, number>();
  const work: State[] = [{ pc: 0, stack: [], mem: new Map(), sel: "*" }];
  let steps = 0;
  while (work.length > 0) {
    const s = work.pop() as State;
    if (++steps > MAX_STEPS) {
      r.incomplete.add(s.sel);
      for (const w of work) r.incomplete.add(w.sel);
      break;
    }
    if ((code[s.pc] ?? 0) === 0x5b) {
      const key = `${s.pc}|${s.sel}`;
      const n = (visits.get(key) ?? 0) + 1;
      visits.set(key, n);
      if (n > MAX_VISITS) {
        r.incomplete.add(s.sel);
        continue;
      }
    }
    work.push(...step(code, jumpdests, s, r));
  }
  return r;
}

/**
 * Summaries of a contract's functions recovered from its runtime bytecode.
 *
 * @param runtimeHex deployed bytecode (hex, with or without `0x`).
 * @param signatures canonical signatures by selector (`a9059cbb` → `transfer(address,uint256)`), if known.
 */
export function summarizeBytecode(runtimeHex: string, signatures: Map<string, string> = new Map()): FunctionSummary[] {
  const code = Buffer.from(runtimeHex.replace(/^0x/, ""), "hex");
  const r = explore(code);
  const shared = r.accesses.get("*") ?? [];
  const selectors = new Set([...signatures.keys(), ...[...r.accesses.keys()].filter((k) => k !== "*")]);
  return [...selectors].map((sel) => {
    const signature = signatures.get(sel) ?? `0x${sel}()`;
    const accesses = [...shared, ...(r.accesses.get(sel) ?? [])];
    if (r.incomplete.has(sel) || r.incomplete.has("*")) {
      accesses.push({
        mode: "write",
        location: unknownLocation("bytecode exploration incomplete (dynamic jump or budget)"),
        commutative: false,
        src: "bytecode",
      });
    }
    const name = signature.split("(")[0] ?? signature;
    const params = (signature.slice(signature.indexOf("(") + 1, -1).match(/[^,()]+(\([^)]*\))?/g) ?? []).map(
      (_, i) => `arg${i}`,
    );
    return finishSummary({
      name,
      signature,
      selector: sel,
      kind: "function",
      stateMutability: "unknown",
      params,
      accesses,
      calls: r.calls.get(sel) ?? [],
      src: "",
    });
  });
}
