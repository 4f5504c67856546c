/**
 * `hardhat-parallel/testing`: parallelism assertions for a project's own tests. `mineBlock` is on every
 * connection (`connection.parallel.mineBlock`); this entry point adds the chai matchers
 * (`chai.use(parallelChaiMatchers)`) and the plain assertions for node:test.
 */
export { assertCommute, assertConflictOn, assertNoConflictsOn, assertRunsInParallel } from "./assertions.js";
export type {
  BlockAccess,
  BlockReceipt,
  Conflict,
  ConflictLocation,
  ExecutionFacts,
  MinedBlock,
  TransactionFacts,
} from "./block-facts.js";
export { parallelChaiMatchers, type ChaiLike } from "./chai-matchers.js";
export { describeConflict, type CheckSubject, type TransactionLike } from "./conflict-checks.js";
export { ParallelTestHelpers } from "./connection-helpers.js";
export { MineBlockError, ParallelAssertionError } from "./errors.js";
