/**
 * geth's `returnData` member of a struct log (asked for with `enableReturnData`): at each step, the frame's
 * return-data buffer — what the last call or creation made from this frame handed back. A call or creation
 * empties it; a child frame's end fills it with the child's output (a successful creation leaves it empty, as
 * RETURNDATASIZE is 0 after one); a fresh frame starts with it empty.
 */
import { toHex } from "../../util/hex.js";

const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"]);

/** The step fields the tracker reads. */
interface ReturnDataStep {
  readonly depth: number;
  readonly opcode: { readonly name: string };
}

/** The frame-end fields the tracker reads. */
export interface ReturnDataFrameEnd {
  readonly createdAddress?: unknown;
  readonly execResult: { readonly returnValue: Uint8Array; readonly exceptionError?: unknown };
}

/** Fills `returnData` into each struct log, by frame depth (0 is the transaction's own frame). */
export class ReturnDataTracker {
  readonly #buffers: string[] = [];

  observe(step: ReturnDataStep, log: Record<string, unknown>): void {
    log.returnData = this.#buffers[step.depth] ?? "0x";
    if (CALLS.has(step.opcode.name)) this.#buffers[step.depth] = "0x";
  }

  frameStarts(depth: number): void {
    this.#buffers[depth] = "0x";
  }

  frameEnds(depth: number, result: ReturnDataFrameEnd): void {
    if (depth === 0) return;
    const created = result.createdAddress !== undefined && result.execResult.exceptionError === undefined;
    this.#buffers[depth - 1] = created ? "0x" : toHex(result.execResult.returnValue);
  }
}
