import { expect } from "chai";

import { BOB, CompatPair, pick } from "./helpers/compat-pair.js";

const FRESH = "0x00000000000000000000000000000000000000e1";
const word = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;
/** Proof fields that do not depend on the state root (ours has no system contracts, see COMPATIBILITY.md). */
const PROOF_FIELDS = ["address", "balance", "nonce", "codeHash", "storageHash", "storageProof"];

describe("compat: state edits, proofs and snapshots", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  it("hardhat_setStorageAt on an empty account: the storage is in the proof and the state root", async () => {
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(5)]);
    for (let round = 0; round < 2; round++) {
      const [a, b] = await pair.results("eth_getProof", [FRESH, [word(1), word(2)], "latest"]);
      expect(pick(b, PROOF_FIELDS), `round ${round}`).to.deep.equal(pick(a, PROOF_FIELDS));
      expect((b as { storageHash: string }).storageHash).to.not.equal(
        "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
      );
      await pair.both("evm_mine");
    }
    // The account is in the state trie: clearing the slot changes the state root back.
    const root = async (): Promise<string> =>
      (
        (await pair.parallel.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
          stateRoot: string;
        }
      ).stateRoot;
    const withStorage = await root();
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(0)]);
    await pair.both("evm_mine");
    const without = await root();
    expect(without).to.not.equal(withStorage);
    const [a, b] = await pair.results("eth_getProof", [FRESH, [word(1)], "latest"]);
    expect(pick(b, PROOF_FIELDS)).to.deep.equal(pick(a, PROOF_FIELDS));
  });

  it("eth_getProof at older blocks proves that block's state (with its hardhat_set* edits)", async () => {
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(5)]);
    await pair.both("hardhat_setBalance", [BOB, "0x5"]);
    await pair.both("evm_mine");
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(6)]);
    await pair.both("hardhat_setStorageAt", [FRESH, word(2), word(7)]);
    await pair.both("hardhat_setBalance", [BOB, "0x9"]);
    await pair.both("evm_mine");
    for (const block of ["0x0", "0x1", "0x2", "latest"]) {
      for (const address of [FRESH, BOB]) {
        const [a, b] = await pair.results("eth_getProof", [address, [word(1), word(2)], block]);
        expect(pick(b, PROOF_FIELDS), `${address} at ${block}`).to.deep.equal(pick(a, PROOF_FIELDS));
      }
    }
  });

  it("evm_revert restores a next-block base fee override", async () => {
    const [snapA, snapB] = await pair.results("evm_snapshot");
    await pair.both("hardhat_setNextBlockBaseFeePerGas", ["0x5"]);
    await pair.edr.provider.request({ method: "evm_revert", params: [snapA] });
    await pair.parallel.provider.request({ method: "evm_revert", params: [snapB] });
    await pair.both("evm_mine");
    const [a, b] = await pair.results("eth_getBlockByNumber", ["latest", false]);
    expect(pick(b, ["number", "baseFeePerGas"])).to.deep.equal(pick(a, ["number", "baseFeePerGas"]));
    expect((b as { baseFeePerGas: string }).baseFeePerGas).to.not.equal("0x5");
  });

  it("reads at an older block include the hardhat_set* edits made while it was the latest", async () => {
    await pair.both("hardhat_setBalance", [BOB, "0x5"]);
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(7)]);
    await pair.both("evm_mine");
    await pair.both("hardhat_setBalance", [BOB, "0x7"]);
    await pair.both("hardhat_setStorageAt", [FRESH, word(1), word(9)]);
    await pair.both("hardhat_setCode", [FRESH, "0x00"]);
    for (const block of ["0x0", "0x1", "latest", "pending"]) {
      for (const [method, params] of [
        ["eth_getBalance", [BOB, block]],
        ["eth_getStorageAt", [FRESH, word(1), block]],
        ["eth_getCode", [FRESH, block]],
      ] as const) {
        const { edr, parallel } = await pair.both(method, [...params]);
        expect(parallel, `${method} ${JSON.stringify(params)}`).to.deep.equal(edr);
      }
    }
  });
});
