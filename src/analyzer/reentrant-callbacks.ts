/**
 * Callbacks a call out re-enters. A function that calls another contract (not a static call) hands it control;
 * the callee may call back into this contract before the call returns, and whatever that callback reads or
 * writes is then part of the calling transaction. Flash swaps and flash loans are built on it: `borrow` calls
 * the pair, the pair calls `uniswapV2Call`, which reads `shortBy` — so `borrow` conflicts with `setShortBy`
 * although `borrow`'s own body never touches `shortBy` (found on the real-amm-suite's executed transactions).
 *
 * Any entry point can be re-entered; the pair verdicts still carry that as the `reentrancy` caveat. What is
 * folded in here are the entry points made to be called back — named as the callback interfaces of ERC-721,
 * ERC-1155, ERC-777, ERC-3156, Aave and Uniswap/Pancake/Sushi name them — so that the verdict of a pair is sound
 * for the re-entry the code is written for. Their keys are taken as unknown (inside the callback `msg.sender`
 * is the called contract and the parameters are its arguments, not the transaction's), and their accesses as
 * unconditional.
 */
import type { KeySource } from "./locations.js";
import type { FunctionSummary, LocationAccess } from "./summary-shape.js";

const CALLBACK_NAME =
  /Callback$|^on[A-Z]\w*Received$|^onFlashLoan$|^receiveFlashLoan$|^executeOperation$|^tokensReceived$|^tokensToSend$|^\w+Call$/;

/** Whether `s` is an entry point made to be called back by a contract this one calls. */
export function isCallback(s: FunctionSummary): boolean {
  return s.kind === "function" && CALLBACK_NAME.test(s.name);
}

/** Whether `s` hands control to another contract that could call back (a call out that is not static). */
function callsOut(s: FunctionSummary): boolean {
  return s.externalCalls.some((c) => c.target !== "this" && c.kind !== "staticcall");
}

function foreignKey(key: KeySource): KeySource {
  if (key.kind === "const") return key;
  return { kind: "unknown", reason: "a key inside a callback another contract makes", text: "?" };
}

function foreign(a: LocationAccess): LocationAccess {
  const levels = a.location.levels.map((level) => {
    const next = { ...level };
    if (next.key !== undefined) next.key = foreignKey(next.key);
    if (next.index !== undefined) {
      next.index = { ...next.index, terms: next.index.terms.map((t) => ({ ...t, key: foreignKey(t.key) })) };
    }
    return next;
  });
  return { location: { ...a.location, levels }, commutative: a.commutative, srcs: a.srcs };
}

/**
 * The contract's entry points as pairs should see them: each one that calls out gets the accesses of the
 * contract's callbacks (other than itself) added, with foreign keys and no conditions.
 */
export function withReentrantCallbacks(summaries: readonly FunctionSummary[]): FunctionSummary[] {
  const callbacks = summaries.filter(isCallback);
  if (callbacks.length === 0) return [...summaries];
  return summaries.map((s) => {
    if (!callsOut(s)) return s;
    const others = callbacks.filter((c) => c.signature !== s.signature);
    if (others.length === 0) return s;
    return {
      ...s,
      reads: [...s.reads, ...others.flatMap((c) => c.reads.map(foreign))],
      writes: [...s.writes, ...others.flatMap((c) => c.writes.map(foreign))],
      unknowns: [...s.unknowns, ...others.flatMap((c) => c.unknowns)],
    };
  });
}
