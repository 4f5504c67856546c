/**
 * Caches @ethereumjs's jump-destination analysis per code array. The interpreter re-analyses a contract's
 * whole bytecode (valid JUMPDESTs, PUSH values, opcode table) on every message that executes it; the flat
 * state hands out the same `Uint8Array` for the same code every time, so a cache keyed by that array (and by
 * the EVM, whose opcode table the analysis embeds) skips the work — 10–15 % of an ERC20 transfer, far more
 * for calls into large contracts (measured during development). The analysis result is only read by the interpreter.
 *
 * The interpreter class is not exported by @ethereumjs/evm: `evm-internals.ts` loads the module the EVM itself
 * uses, and its prototype method is wrapped once.
 */
import { loadInterpreterModule } from "./evm-internals.js";

type Analysis = unknown;
interface InterpreterPrototype {
  _getValidJumpDestinations(this: { _evm: object }, code: Uint8Array): Analysis;
}

let installed: Promise<boolean> | undefined;

async function install(): Promise<boolean> {
  const module = (await loadInterpreterModule()) as { Interpreter?: { prototype: InterpreterPrototype } } | undefined;
  const proto = module?.Interpreter?.prototype;
  if (proto === undefined || typeof proto._getValidJumpDestinations !== "function") return false;
  const analyse = proto._getValidJumpDestinations;
  const caches = new WeakMap<object, WeakMap<Uint8Array, Analysis>>();
  proto._getValidJumpDestinations = function (this: { _evm: object }, code: Uint8Array): Analysis {
    let perEvm = caches.get(this._evm);
    if (perEvm === undefined) {
      perEvm = new WeakMap();
      caches.set(this._evm, perEvm);
    }
    let analysis = perEvm.get(code);
    if (analysis === undefined) {
      analysis = analyse.call(this, code);
      perEvm.set(code, analysis);
    }
    return analysis;
  };
  return true;
}

/** Installs the cache once per process; resolves to whether it could be installed. */
export function installJumpAnalysisCache(): Promise<boolean> {
  installed ??= install().catch(() => false);
  return installed;
}
