/**
 * Watches how an EVM run looks at its remaining gas, so that `eth_estimateGas` can tell — without running the
 * transaction again — whether it would behave the same with a smaller gas limit.
 *
 * Everything @ethereumjs's interpreter does with the gas left goes through `Interpreter.getGasLeft()`: the GAS
 * opcode, the gas handed to CALL/CALLCODE/DELEGATECALL/STATICCALL/CREATE/CREATE2 (the 63/64 rule), and the
 * SSTORE sentry (EIP-2200: an SSTORE with 2,300 gas or less left fails). This module wraps that method once per
 * process (the interpreter class is not exported: `evm-internals.ts` loads the module the EVM uses, also in the
 * single-file build) and, while a watch is open on an EVM, records two things: whether any opcode other than
 * SSTORE read the gas left (then the run's behaviour may depend on the limit: "sensitive"), and the least gas
 * left that an SSTORE saw. Costs one property read per `getGasLeft` call when no watch is open.
 */

import { loadInterpreterModule } from "./evm-internals.js";

/** What a watched run showed about its use of the gas left. */
export interface GasLeftObservation {
  /** False when the interpreter could not be wrapped: nothing was observed, assume the worst. */
  readonly observed: boolean;
  /** An opcode other than SSTORE read the gas left (GAS, the CALL and CREATE family, ...). */
  readonly sensitive: boolean;
  /** The least gas left any SSTORE saw (its sentry check), undefined when no SSTORE ran. */
  readonly minSstoreGasLeft: bigint | undefined;
}

interface MutableObservation {
  sensitive: boolean;
  minSstoreGasLeft: bigint | undefined;
}

interface InterpreterLike {
  readonly _evm: object;
  readonly _runState: { readonly gasLeft: bigint; readonly opCode: number };
}

interface InterpreterPrototype {
  getGasLeft(this: InterpreterLike): bigint;
}

const SSTORE = 0x55;
const watches = new WeakMap<object, MutableObservation>();
let installed: Promise<boolean> | undefined;

async function install(): Promise<boolean> {
  const module = (await loadInterpreterModule()) as { Interpreter?: { prototype: InterpreterPrototype } } | undefined;
  const proto = module?.Interpreter?.prototype;
  if (proto === undefined || typeof proto.getGasLeft !== "function") return false;
  const original = proto.getGasLeft;
  proto.getGasLeft = function (this: InterpreterLike): bigint {
    const gasLeft = original.call(this);
    const watch = watches.get(this._evm);
    if (watch !== undefined) {
      if (this._runState.opCode !== SSTORE) watch.sensitive = true;
      else if (watch.minSstoreGasLeft === undefined || gasLeft < watch.minSstoreGasLeft)
        watch.minSstoreGasLeft = gasLeft;
    }
    return gasLeft;
  };
  return true;
}

/** Wraps the interpreter once per process; resolves to whether it could be wrapped. */
export function installGasLeftWatch(): Promise<boolean> {
  installed ??= install().catch(() => false);
  return installed;
}

/**
 * Runs `run` (one transaction on `evm`, nothing else on that EVM meanwhile) and reports how it read the gas
 * left. Runs on other EVMs are not seen.
 */
export async function watchGasLeft<T>(
  evm: object,
  run: () => Promise<T>,
): Promise<{ readonly result: T; readonly observation: GasLeftObservation }> {
  const observed = await installGasLeftWatch();
  const watch: MutableObservation = { sensitive: false, minSstoreGasLeft: undefined };
  watches.set(evm, watch);
  try {
    const result = await run();
    return { result, observation: { observed, ...watch } };
  } finally {
    watches.delete(evm);
  }
}
