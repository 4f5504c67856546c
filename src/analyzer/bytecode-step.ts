/**
 * One step of the bytecode fallback's path exploration: a state (pc, abstract stack, constant-offset memory,
 * the selector whose function the path is in) and the opcode's effect on it; SLOAD/SSTORE and calls are
 * recorded per selector, an unresolved jump marks the selector incomplete.
 */
import type { Access, ExternalCall } from "./collect-accesses.js";
import { type AVal, TOP, binary, c, sha } from "./bytecode-values.js";
import { location } from "./bytecode-slots.js";
import { unknownLocation } from "./locations.js";

/** One path: program counter, stack, memory words at constant offsets, selector (`*` before dispatch). */
export interface State {
  pc: number;
  stack: AVal[];
  mem: Map<bigint, AVal>;
  sel: string;
}

/** What exploration found, per selector. */
export interface Recorder {
  accesses: Map<string, Access[]>;
  calls: Map<string, ExternalCall[]>;
  incomplete: Set<string>;
}

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

const BINARY = new Set([0x01, 0x02, 0x03, 0x04, 0x14, 0x16, 0x17, 0x18, 0x1b, 0x1c]);
const HALT = new Set([0x00, 0xf3, 0xfd, 0xfe, 0xff]);
const CALLS = new Set([0xf0, 0xf1, 0xf2, 0xf4, 0xf5, 0xfa]);
const MEMORY_COPIES = new Set([0x37, 0x39, 0x3c, 0x3e, 0x5e]);

function record(r: Recorder, sel: string, access: Access): void {
  r.accesses.set(sel, [...(r.accesses.get(sel) ?? []), access]);
}

const pop = (s: State): AVal => s.stack.pop() ?? TOP;

/** PUSH0..PUSH32, DUPn, SWAPn; `undefined` for other opcodes. */
function stackOp(code: Uint8Array, s: State, op: number): number | undefined {
  if (op >= 0x5f && op <= 0x7f) {
    const n = op - 0x5f;
    s.stack.push(
      c(n === 0 ? 0n : BigInt(`0x${Buffer.from(code.subarray(s.pc + 1, s.pc + 1 + n)).toString("hex") || "0"}`)),
    );
    return s.pc + 1 + n;
  }
  if (op >= 0x80 && op <= 0x8f) {
    s.stack.push(s.stack[s.stack.length - 1 - (op - 0x80)] ?? TOP);
    return s.pc + 1;
  }
  if (op >= 0x90 && op <= 0x9f) {
    const i = s.stack.length - 1;
    const j = i - (op - 0x8f);
    const [a, b] = [s.stack[i] ?? TOP, s.stack[j] ?? TOP];
    s.stack[i] = b;
    s.stack[j] = a;
    return s.pc + 1;
  }
  return undefined;
}

/** Opcodes whose abstract value matters (arithmetic, keccak, environment, memory, storage). */
function valueOp(s: State, op: number, r: Recorder): boolean {
  if (BINARY.has(op)) {
    const a = pop(s);
    const b = pop(s);
    s.stack.push(binary(op, a, b));
    return true;
  }
  switch (op) {
    case 0x15: {
      const a = pop(s);
      s.stack.push(a.k === "c" ? c(a.v === 0n ? 1n : 0n) : TOP);
      return true;
    }
    case 0x20: {
      const [off, len] = [pop(s), pop(s)];
      s.stack.push(sha(s.mem, off, len));
      return true;
    }
    case 0x33:
    case 0x32:
      s.stack.push({ k: op === 0x33 ? "caller" : "origin" });
      return true;
    case 0x35: {
      const off = pop(s);
      s.stack.push(off.k === "c" ? { k: "cd", off: off.v } : TOP);
      return true;
    }
    case 0x50:
      pop(s);
      return true;
    default:
      return memoryOp(s, op) || storageOp(s, op, r);
  }
}

/** MLOAD, MSTORE, MSTORE8. */
function memoryOp(s: State, op: number): boolean {
  if (op === 0x51) {
    const off = pop(s);
    s.stack.push(off.k === "c" ? (s.mem.get(off.v) ?? TOP) : TOP);
    return true;
  }
  if (op === 0x52) {
    const [off, val] = [pop(s), pop(s)];
    s.mem = new Map(s.mem);
    if (off.k !== "c") s.mem.clear();
    else {
      // A word at an unaligned offset overlaps its neighbours: they no longer hold what was stored there.
      for (const k of [...s.mem.keys()]) if (k !== off.v && k > off.v - 32n && k < off.v + 32n) s.mem.delete(k);
      s.mem.set(off.v, val);
    }
    return true;
  }
  if (op === 0x53) {
    pop(s);
    pop(s);
    s.mem = new Map();
    return true;
  }
  return false;
}

/** SLOAD and SSTORE, recorded for the path's selector. */
function storageOp(s: State, op: number, r: Recorder): boolean {
  const src = `bytecode:${s.pc}`;
  if (op === 0x54) {
    record(r, s.sel, { mode: "read", location: location(pop(s)), commutative: false, src });
    s.stack.push({ k: "sload" });
    return true;
  }
  if (op === 0x55) {
    const slot = pop(s);
    pop(s);
    record(r, s.sel, { mode: "write", location: location(slot), commutative: false, src });
    return true;
  }
  return false;
}

/** JUMP and JUMPI: successors; a selector comparison taken enters that function. */
function jumpOp(s: State, op: number, jumpdests: Set<number>, r: Recorder): State[] {
  if (op === 0x56) {
    const target = pop(s);
    if (target.k === "c" && jumpdests.has(Number(target.v))) return [{ ...s, pc: Number(target.v) }];
    r.incomplete.add(s.sel);
    return [];
  }
  const [target, cond] = [pop(s), pop(s)];
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

function callOp(op: number, s: State, r: Recorder): State {
  const src = `bytecode:${s.pc}`;
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

/** Explores one path step; returns the successor states. */
export function step(code: Uint8Array, jumpdests: Set<number>, s: State, r: Recorder): State[] {
  const op = code[s.pc] ?? 0x00;
  const stacked = stackOp(code, s, op);
  if (stacked !== undefined) return [{ ...s, pc: stacked }];
  if (HALT.has(op)) return [];
  if (op === 0x56 || op === 0x57) return jumpOp(s, op, jumpdests, r);
  if (CALLS.has(op)) return [callOp(op, s, r)];
  if (!valueOp(s, op, r)) {
    // CALLDATACOPY, CODECOPY, EXTCODECOPY, RETURNDATACOPY, MCOPY write memory the walk does not track.
    if (MEMORY_COPIES.has(op)) s.mem = new Map();
    const [pops, pushes] = ARITY[op] ?? [0, 0];
    for (let i = 0; i < pops; i++) pop(s);
    for (let i = 0; i < pushes; i++) s.stack.push(TOP);
  }
  return [{ ...s, pc: s.pc + 1 }];
}
