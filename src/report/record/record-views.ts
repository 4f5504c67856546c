/**
 * The report's two views of the runtime's execution record (src/runtime/execution-record.ts), built in one
 * place for workload runs and test-run profiles alike: the simulators' {@link TxTrace} and the analyzer's
 * {@link ExecutedTransaction} (the soundness and precision checks' input).
 */
import type { ExecutedTransaction } from "../../analyzer/index.js";
import type { ExecutionRecord } from "../../runtime/execution-record.js";
import type { LocationValue } from "../../runtime/vocabulary.js";

import type { TxTrace } from "./block-trace.js";
import { storageAccesses } from "./storage-accesses.js";

/** Names the report gives a recorded transaction: the callee's contract and the function called. */
export interface RecordNames {
  readonly contract: string | undefined;
  readonly function: string | undefined;
}

/** The 4-byte selector of a record's calldata, if it has one. */
export function selectorOf(record: Pick<ExecutionRecord, "input">): string | undefined {
  return record.input.length >= 10 ? record.input.slice(0, 10) : undefined;
}

/** What the simulators read of a record at position `index` of its block. */
export function txTrace(record: ExecutionRecord, index: number, names: RecordNames): TxTrace {
  return {
    index,
    gasUsed: record.gasUsed,
    to: record.to ?? undefined,
    contract: names.contract,
    function: names.function,
    sender: record.from,
    reads: record.reads,
    writes: record.writes,
    deltas: record.deltas,
    ...(record.calls === null ? {} : { calls: record.calls }),
  };
}

/**
 * What the analyzer's checks read of a record (a creation's `to` is empty; a test-run profile's record says
 * which addresses the transaction deployed code at, whose constructors ran in it), with the values its storage
 * reads found when the run has them (`readValues`: a workload's executed transaction's read set).
 */
export function executedTransaction(
  record: ExecutionRecord & { readonly deployed?: object },
  readValues?: ReadonlyMap<string, LocationValue>,
): ExecutedTransaction {
  const created = Object.keys(record.deployed ?? {});
  // Without call frames only the top-level contract's storage can be attributed to a function.
  const only = record.calls === null && record.to !== null ? record.to : undefined;
  return {
    hash: record.hash,
    from: record.from,
    to: record.to ?? "",
    input: record.input,
    accesses: storageAccesses(record.reads, record.writes, only, readValues),
    calls: record.calls ?? undefined,
    ...(record.preimages === undefined ? {} : { preimages: record.preimages }),
    ...(record.status === 1 ? {} : { reverted: true }),
    ...(created.length === 0 ? {} : { created }),
  };
}
