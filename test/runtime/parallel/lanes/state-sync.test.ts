import { expect } from "chai";

import { ReplicaState } from "../../../../src/runtime/parallel/lanes/replica-state.js";
import { StateSync, type SyncPayload } from "../../../../src/runtime/parallel/lanes/state-sync.js";
import type { StateView } from "../../../../src/runtime/state/account-data.js";
import { FlatState } from "../../../../src/runtime/state/flat-state.js";
import { TrieCommitment } from "../../../../src/runtime/state/trie-commitment.js";
import {
  balanceKey,
  codeKey,
  type LocationKey,
  type LocationValue,
  nonceKey,
  storageKey,
} from "../../../../src/runtime/vocabulary.js";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const SLOT = `0x${"1".padStart(64, "0")}`;
const CODE_HASH = `0x${"ab".repeat(32)}`;
const THREAD = 7;

/** Brings `replica` to the payload's version as a worker does (worker-entry.ts). */
function applyPayload(replica: ReplicaState, payload: SyncPayload): void {
  if (payload.snapshot !== undefined) {
    replica.clear();
    replica.apply(payload.snapshot.writes, payload.snapshot.codes);
  }
  for (const batch of payload.batches) replica.apply(batch.writes, batch.codes);
}

function expectSame(replica: StateView, state: FlatState, addresses: readonly string[]): void {
  for (const address of addresses) {
    expect(replica.account(address), address).to.deep.equal(state.account(address));
    expect([...replica.storageSlots(address)], address).to.deep.equal([...state.storageSlots(address)]);
  }
}

describe("StateSync", () => {
  it("ships the latest value of every location changed since the last cut", () => {
    const state = new FlatState();
    const sync = new StateSync();
    sync.attach(state);
    const replica = new ReplicaState();
    applyPayload(replica, sync.withSnapshot(sync.cut([THREAD])));
    state.apply(
      new Map<LocationKey, LocationValue>([
        [balanceKey(A), 5n],
        [nonceKey(A), 1n],
        [storageKey(B, SLOT), 9n],
      ]),
    );
    state.apply(new Map([[balanceKey(A), 7n]]));
    state.apply(new Map([[storageKey(B, SLOT), 0n]]));
    state.apply(new Map([[balanceKey(B), 3n]]));
    const payload = sync.cut([THREAD]);
    expect(payload.batches).to.have.length(1);
    applyPayload(replica, payload);
    expectSame(replica, state, [A, B]);
    expect(replica.account(A)?.balance).to.equal(7n);
    expect(replica.storage(B, SLOT)).to.equal(0n);
  });

  it("follows a rollback, an account emptied and re-created, and ships the code bytes of a code write", () => {
    const state = new FlatState();
    const sync = new StateSync();
    sync.attach(state);
    const replica = new ReplicaState();
    applyPayload(replica, sync.withSnapshot(sync.cut([THREAD])));
    const mark = state.mark();
    state.putCodeBytes(CODE_HASH, new Uint8Array([1, 2, 3]));
    state.apply(
      new Map<LocationKey, LocationValue>([
        [codeKey(A), CODE_HASH],
        [balanceKey(B), 4n],
      ]),
    );
    state.apply(new Map([[balanceKey(B), 0n]]));
    state.apply(new Map([[nonceKey(B), 2n]]));
    state.apply(new Map([[codeKey(B), CODE_HASH]]));
    let payload = sync.cut([THREAD]);
    const codes = payload.batches[0]?.codes ?? [];
    expect(codes).to.have.length.greaterThan(0);
    for (const code of codes) expect(code).to.deep.equal([CODE_HASH, new Uint8Array([1, 2, 3])]);
    applyPayload(replica, payload);
    expectSame(replica, state, [A, B]);
    state.rollback(mark);
    payload = sync.cut([THREAD]);
    applyPayload(replica, payload);
    expectSame(replica, state, [A, B]);
    expect(replica.account(A)).to.equal(undefined);
  });

  it("follows the state beside a second follower taking at other times, and snapshots storage-only addresses", () => {
    const state = new FlatState(new TrieCommitment());
    const [first, second] = [new StateSync(), new StateSync()];
    const replicas = [new ReplicaState(), new ReplicaState()];
    [first, second].forEach((sync, k) => {
      sync.attach(state);
      applyPayload(replicas[k] ?? new ReplicaState(), sync.withSnapshot(sync.cut([THREAD])));
    });
    const mark = state.mark();
    state.apply(new Map<LocationKey, LocationValue>([[storageKey(A, SLOT), 1n]]));
    state.stateRoot();
    state.apply(new Map<LocationKey, LocationValue>([[balanceKey(B), 2n]]));
    applyPayload(replicas[0] ?? new ReplicaState(), first.cut([THREAD]));
    state.prepareRoot();
    state.apply(new Map<LocationKey, LocationValue>([[storageKey(A, SLOT), 3n]]));
    state.rollback(mark);
    state.apply(new Map<LocationKey, LocationValue>([[nonceKey(B), 4n]]));
    for (const [k, sync] of [first, second].entries()) {
      const replica = replicas[k] ?? new ReplicaState();
      applyPayload(replica, sync.cut([THREAD]));
      expectSame(replica, state, [A, B]);
      expect(replica.account(B)?.nonce, `follower ${k}`).to.equal(4n);
      expect(replica.account(B)?.balance, `follower ${k}`).to.equal(0n);
    }
    state.apply(new Map<LocationKey, LocationValue>([[storageKey(A, SLOT), 5n]]));
    const fresh = new ReplicaState();
    applyPayload(fresh, second.withSnapshot(second.cut([])));
    expect(fresh.storage(A, SLOT)).to.equal(5n);
    expect(fresh.account(A)).to.equal(undefined);
  });
});
