/**
 * The state a mined transaction saw, for replaying it: the block's pre-state plus the writes, codes and
 * deltas of the block's transactions before it (all recorded with the block).
 */
import type { StoredBlock } from "../../chain/chain.js";
import type { StateView } from "../../state/account-data.js";
import { OverlayView } from "../../state/overlay-view.js";
import { keyAddress, type LocationKey, type LocationValue } from "../../vocabulary.js";

/** The state transaction `index` of `stored` ran over, given the block's pre-state `pre`. */
export function stateBefore(pre: StateView, stored: StoredBlock, index: number): OverlayView {
  const changes = new Map<LocationKey, LocationValue>();
  const codes = new Map<string, Uint8Array>();
  for (const e of stored.executed.slice(0, index)) {
    for (const [k, v] of e.access.writes) changes.set(k, v);
    for (const [k, c] of e.access.codes) codes.set(k, c);
    for (const [k, d] of e.access.deltas) {
      const address = keyAddress(k);
      changes.set(k, ((changes.get(k) as bigint | undefined) ?? pre.account(address)?.balance ?? 0n) + d);
    }
  }
  return new OverlayView(pre, changes, codes);
}
