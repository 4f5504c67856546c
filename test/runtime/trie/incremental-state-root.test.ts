import { verifyMerkleProof, createMerkleProof } from "@ethereumjs/mpt";
import { bytesToHex, hexToBytes, KECCAK256_RLP } from "@ethereumjs/util";
import { keccak256 as referenceKeccak } from "ethereum-cryptography/keccak.js";
import { expect } from "chai";

import { IncrementalStateRoot } from "../../../src/runtime/trie/index.js";
import { ModelState, referenceStateRoot, referenceStateTrie, referenceStorageRoot, Rng } from "./reference.js";

const hex = (bytes: Uint8Array): string => bytesToHex(bytes);

/** Applies one random round of writes to both the trie and the model. */
function randomRound(rng: Rng, trie: IncrementalStateRoot, model: ModelState, pool: string[], writes: number): void {
  for (let i = 0; i < writes; i++) {
    const address = pool[rng.int(pool.length)] ?? "0x";
    const action = rng.int(20);
    if (action < 6) {
      const account = rng.account();
      trie.setAccount(address, account);
      model.accounts.set(address, account);
    } else if (action < 8) {
      trie.setAccount(address, undefined);
      model.accounts.delete(address);
    } else if (action < 19) {
      const slot = rng.int(4) === 0 ? `0x${rng.int(16).toString(16)}` : rng.hex(32);
      const slots = [...(model.storage.get(address)?.keys() ?? [])];
      const target = slots.length > 0 && rng.int(2) === 0 ? (slots[rng.int(slots.length)] ?? slot) : slot;
      const value = rng.int(3) === 0 ? 0n : rng.bigint();
      trie.setStorage(address, target, value);
      model.setStorage(address, target, value);
    } else {
      trie.clearStorage(address);
      model.storage.delete(address);
    }
  }
}

async function expectSameRoot(trie: IncrementalStateRoot, model: ModelState): Promise<void> {
  expect(hex(trie.root())).to.equal(hex(await referenceStateRoot(model)));
}

describe("IncrementalStateRoot vs @ethereumjs/mpt", function () {
  it("gives the empty-trie root when empty (and again after deleting everything)", async function () {
    const trie = new IncrementalStateRoot();
    expect(hex(trie.root())).to.equal(hex(KECCAK256_RLP));
    const model = new ModelState();
    const rng = new Rng(7);
    const account = rng.account();
    trie.setAccount("0x" + "11".repeat(20), account);
    model.accounts.set("0x" + "11".repeat(20), account);
    await expectSameRoot(trie, model);
    trie.setAccount("0x" + "11".repeat(20), undefined);
    expect(hex(trie.root())).to.equal(hex(KECCAK256_RLP));
  });

  it("matches on a single account with a single slot", async function () {
    const trie = new IncrementalStateRoot();
    const model = new ModelState();
    const address = "0x" + "ab".repeat(20);
    const account = { nonce: 1n, balance: 10n ** 18n, codeHash: new Rng(1).bytes(32) };
    trie.setAccount(address, account);
    model.accounts.set(address, account);
    trie.setStorage(address, "0x0", 42n);
    model.setStorage(address, "0x0", 42n);
    await expectSameRoot(trie, model);
    expect(hex(trie.storageRoot(address))).to.equal(hex(await referenceStorageRoot(model, address)));
  });

  for (const seed of [1, 2, 3]) {
    it(`matches after every round of random updates and deletes (seed ${seed})`, async function () {
      const rng = new Rng(seed);
      const pool = Array.from({ length: 250 }, () => rng.hex(20));
      const trie = new IncrementalStateRoot();
      const model = new ModelState();
      randomRound(rng, trie, model, pool, 1500);
      await expectSameRoot(trie, model);
      for (let round = 0; round < 6; round++) {
        randomRound(rng, trie, model, pool, 40 + rng.int(300));
        await expectSameRoot(trie, model);
      }
      for (const address of pool.slice(0, 20)) {
        expect(hex(trie.storageRoot(address))).to.equal(
          hex(model.accounts.has(address) ? await referenceStorageRoot(model, address) : KECCAK256_RLP),
        );
      }
    });
  }

  it("collapses branches into extensions and leaves when keys are deleted", async function () {
    const rng = new Rng(11);
    const pool = Array.from({ length: 64 }, () => rng.hex(20));
    const trie = new IncrementalStateRoot();
    const model = new ModelState();
    for (const address of pool) {
      const account = rng.account();
      trie.setAccount(address, account);
      model.accounts.set(address, account);
      for (let s = 0; s < 5; s++) {
        const slot = rng.hex(32);
        trie.setStorage(address, slot, 1n);
        model.setStorage(address, slot, 1n);
      }
    }
    await expectSameRoot(trie, model);
    for (const [i, address] of pool.entries()) {
      for (const slot of [...(model.storage.get(address)?.keys() ?? [])].slice(0, 4)) {
        trie.setStorage(address, slot, 0n);
        model.setStorage(address, slot, 0n);
      }
      const replacement = i % 2 === 0 ? undefined : rng.account();
      trie.setAccount(address, replacement);
      if (replacement === undefined) model.accounts.delete(address);
      else model.accounts.set(address, replacement);
      if (i % 8 === 0) await expectSameRoot(trie, model);
    }
    for (const address of pool) trie.setAccount(address, undefined);
    expect(hex(trie.root())).to.equal(hex(KECCAK256_RLP));
  });

  it("keeps storage written before the account exists, and across delete/recreate", async function () {
    const trie = new IncrementalStateRoot();
    const model = new ModelState();
    const rng = new Rng(5);
    const address = rng.hex(20);
    trie.setStorage(address, "0x01", 5n);
    model.setStorage(address, "0x01", 5n);
    expect(hex(trie.root())).to.equal(hex(KECCAK256_RLP));
    const account = rng.account();
    trie.setAccount(address, account);
    model.accounts.set(address, account);
    await expectSameRoot(trie, model);
    trie.setAccount(address, undefined);
    trie.setAccount(address, account);
    await expectSameRoot(trie, model);
    trie.clearStorage(address);
    model.storage.delete(address);
    await expectSameRoot(trie, model);
  });

  it("treats address case and short slot hex as the same keys, and rejects malformed input", async function () {
    const lower = new IncrementalStateRoot();
    const mixed = new IncrementalStateRoot();
    const account = new Rng(9).account();
    lower.setAccount("0x" + "ab".repeat(20), account);
    lower.setStorage("0x" + "ab".repeat(20), "0x" + "00".repeat(31) + "07", 3n);
    mixed.setStorage("0x" + "AB".repeat(20), "0x7", 3n);
    mixed.setAccount("0x" + "aB".repeat(20), account);
    expect(hex(mixed.root())).to.equal(hex(lower.root()));
    expect(() => lower.setAccount("0x1234", account)).to.throw(/20 bytes/);
    expect(() => lower.setStorage("0x" + "ab".repeat(20), "0x" + "00".repeat(33), 1n)).to.throw(/32 bytes/);
    expect(() => lower.setAccount("0x" + "zz".repeat(20), account)).to.throw(/invalid hex/);
    expect(() => lower.setAccount("0x" + "ab".repeat(20), { ...account, codeHash: new Uint8Array(3) })).to.throw();
  });

  it("lets copies diverge without affecting each other", async function () {
    const rng = new Rng(21);
    const pool = Array.from({ length: 120 }, () => rng.hex(20));
    const trie = new IncrementalStateRoot();
    const model = new ModelState();
    randomRound(rng, trie, model, pool, 800);
    const baseRoot = hex(trie.root());
    const copy = trie.copy();
    const copyModel = model.clone();
    const unhashedCopy = copy.copy(); // copy again before any hashing of further writes
    randomRound(rng, copy, copyModel, pool, 200);
    expect(hex(unhashedCopy.root())).to.equal(baseRoot);
    randomRound(rng, trie, model, pool, 200);
    await expectSameRoot(trie, model);
    await expectSameRoot(copy, copyModel);
    expect(hex(unhashedCopy.root())).to.equal(baseRoot);
    const third = copy.copy();
    const thirdModel = copyModel.clone();
    randomRound(rng, third, thirdModel, pool, 50);
    await expectSameRoot(copy, copyModel);
    await expectSameRoot(third, thirdModel);
    const reference = await referenceStateTrie(copyModel);
    for (const address of pool.slice(0, 10)) {
      const key = hexToBytes(address as `0x${string}`);
      expect(copy.proveAccount(address).map(hex)).to.deep.equal((await createMerkleProof(reference, key)).map(hex));
    }
  });

  it("produces account and storage proofs identical to createMerkleProof that verify", async function () {
    const rng = new Rng(33);
    const pool = Array.from({ length: 150 }, () => rng.hex(20));
    const trie = new IncrementalStateRoot();
    const model = new ModelState();
    randomRound(rng, trie, model, pool, 1200);
    const root = trie.root();
    const reference = await referenceStateTrie(model);
    for (const address of [...pool.slice(0, 40), rng.hex(20)]) {
      const proof = trie.proveAccount(address);
      const key = hexToBytes(address as `0x${string}`);
      expect(proof.map(hex)).to.deep.equal((await createMerkleProof(reference, key)).map(hex));
      expect(hex(referenceKeccak(proof[0] ?? new Uint8Array()))).to.equal(hex(root));
      const value = await verifyMerkleProof(key, proof, { useKeyHashing: true });
      expect(value === null).to.equal(!model.accounts.has(address));
      const slots = [...(model.storage.get(address)?.keys() ?? []), rng.hex(32)];
      for (const slot of model.accounts.has(address) ? slots.slice(0, 3) : []) {
        const storageProof = trie.proveStorage(address, slot);
        if (storageProof.length === 0) continue;
        expect(hex(referenceKeccak(storageProof[0] ?? new Uint8Array()))).to.equal(hex(trie.storageRoot(address)));
        const stored = await verifyMerkleProof(hexToBytes(slot as `0x${string}`), storageProof, {
          useKeyHashing: true,
        });
        expect(stored === null).to.equal(!model.storage.get(address)?.has(slot));
      }
    }
  });
});
