/**
 * Errors of the test helpers: misuse (a malformed or unknown location pattern, a subject that is not a mined
 * block, a nested or failing `mineBlock`) — each message names the fix. Assertion failures are the test
 * framework's own (chai's or node:assert's).
 */

/** Misuse of a conflict assertion. */
export class ParallelAssertionError extends Error {
  override readonly name = "ParallelAssertionError";
}

/** Misuse of `mineBlock`, or a callback that failed inside it; automine is restored before it is thrown. */
export class MineBlockError extends Error {
  override readonly name = "MineBlockError";
}
