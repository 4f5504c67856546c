/**
 * Bytecode fallback: abstract interpretation of runtime bytecode for contracts whose storageLayout is empty or
 * missing. Paths are explored from the dispatcher with a symbolic stack and constant-offset memory; a path
 * enters a function when it takes `selector == C`. Slots of SLOAD/SSTORE are recovered as constants,
 * `keccak(key . slot)` chains (keys: CALLER, ORIGIN, calldata words, constants, storage values) and offsets;
 * anything else, an unresolved jump or an exhausted budget is an unknown access of the function.
 */
import { type Recorder, type State, step } from "./bytecode-step.js";
import { type FunctionSummary, finishSummary } from "./summary-shape.js";
import { unknownLocation } from "./locations.js";

const MAX_STEPS = 400_000;
const MAX_VISITS = 24;

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
