/**
 * A transaction's record against its prediction, address by address: storage the runtime recorded at a contract
 * none of the placed accesses reaches shows code ran there that the analysis did not model — a proxy named by
 * its implementation (the proxy's own code asked a beacon for the implementation), a callee the build does not
 * tell. Anything may have been read or written at such an address, so the transaction is placed there as an
 * unknown write: a guessed "no conflict" would be the worst answer.
 */
import type { ExecutedTransaction } from "./executed-transaction.js";
import { unknownLocation } from "./locations.js";
import type { Placed } from "./placed-conflict.js";

/** Whether a placed access may be at `address` (its own, or any instance of the class deployed there). */
function reaches(p: Placed, address: string, byAddress: ReadonlyMap<string, string>): boolean {
  if (p.address === address) return true;
  return p.address === "any" && (p.contract === "*" || p.contract === byAddress.get(address));
}

function unknownWrite(address: string, write: boolean): Placed {
  const location = unknownLocation(`recorded storage at ${address} the analysis does not reach`);
  return { address, contract: "*", write, location, unreached: true };
}

/**
 * `placed` plus an unknown write (a read, for a reverted transaction) at every address where the transaction's
 * record holds a storage access that none of `placed` may reach.
 */
export function withUnreached(
  tx: ExecutedTransaction,
  placed: Placed[],
  byAddress: ReadonlyMap<string, string>,
): Placed[] {
  const addresses = new Set(tx.accesses.map((a) => a.address.toLowerCase()));
  const unreached = [...addresses].filter((address) => !placed.some((p) => reaches(p, address, byAddress)));
  // A reverted transaction's writes were undone: there it only read.
  const write = tx.reverted !== true;
  return unreached.length === 0 ? placed : [...placed, ...unreached.map((a) => unknownWrite(a, write))];
}
