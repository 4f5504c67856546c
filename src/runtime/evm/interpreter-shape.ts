/**
 * The shape of @ethereumjs's interpreter that `sync-steps.ts` repeats: the statements of `Interpreter.run` and
 * `runStep` its loop performs in the same order, checked on the source text of the very methods it replaces or
 * calls (in the modules and in the single-file bundle, whose printer changes quotes and number literals only).
 * Another @ethereumjs version that changes them leaves the original loop in place.
 */

/** The interpreter methods the replacement loop calls or replaces. */
const METHODS = ["run", "runStep", "useGas", "lookupOpInfo", "_getValidJumpDestinations"] as const;
type Method = (typeof METHODS)[number];

/**
 * Statements of @ethereumjs's `run` and `runStep` that the replacement repeats (property accesses only, which
 * bundling never renames): all must be present for the replacement to be installed.
 */
export const SHAPE = {
  run: [
    "this._runState.code = code",
    "this._runState.programCounter = opts.pc ?? this._runState.programCounter",
    "opCode === 86 || opCode === 87 || opCode === 94",
    "this._getValidJumpDestinations(this._runState.code)",
    "opCodeObj = cachedOpcodes[programCounter]",
    "await this.runStep(opCodeObj)",
    "this._runState.env.accessWitness?.revert()",
    "this._runState.eip8037BurnLeftoverAfterCreateHaltOntoAlive === true",
  ],
  runStep: [
    "opcodeObj ?? this.lookupOpInfo(this._runState.opCode)",
    "let gas = opInfo.feeBigInt",
    "gas = await opEntry.gasHandler(this._runState, gas, this.common)",
    'this._evm.events.listenerCount("step") > 0 || this._evm.DEBUG',
    "if (opInfo.isInvalid)",
    "this.useGas(gas, opInfo)",
    "this._runState.programCounter++",
    "consumeEip7928PostTargetCallOog(this._runState)",
    "if (opInfo.isAsync)",
    "opFn.apply(null, [this._runState, this.common])",
    "this._runState.env.accessWitness?.commit()",
  ],
} as const;

/** How often `this.` and `await` occur in each method: a statement added in another version changes them. */
export const SHAPE_COUNTS = {
  run: { "this.": 46, "await ": 2 },
  runStep: { "this.": 32, "await ": 4 },
} as const;

/** Source text with quotes and hex literals as esbuild prints them, so both copies compare alike. */
function normalise(source: string): string {
  return source
    .replace(/'/g, '"')
    .replace(/0x([0-9a-f]+)\b/gi, (_, hex: string) => String(parseInt(hex, 16)))
    .replace(/\s+/g, " ");
}

/** Whether `proto`'s `run` and `runStep` contain every statement of {@link SHAPE}. */
export function hasExpectedShape(proto: Partial<Record<Method, unknown>>): boolean {
  if (METHODS.some((m) => typeof proto[m] !== "function")) return false;
  return (["run", "runStep"] as const).every((method) => {
    const text = normalise(String(proto[method]));
    const counted = Object.entries(SHAPE_COUNTS[method]);
    return (
      SHAPE[method].every((statement) => text.includes(normalise(statement))) &&
      counted.every(([token, count]) => text.split(token).length - 1 === count)
    );
  });
}
