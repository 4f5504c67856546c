import { createVM } from "@ethereumjs/vm";
import { bigIntToBytes, bytesToHex, setLengthLeft } from "@ethereumjs/util";
import { expect } from "chai";

import { createChainCommon } from "../../../src/runtime/evm/evm-context.js";
import { installWordOpcodes, minimalBytes, wordBytes } from "../../../src/runtime/evm/word-opcodes.js";
import { FlatState } from "../../../src/runtime/state/flat-state.js";
import { TxState } from "../../../src/runtime/state/tx-state.js";
import { Rng } from "../trie/reference.js";

import { runCodeAt } from "./helpers/run-code.js";

const MAX = (1n << 256n) - 1n;

describe("runtime/evm: faster MSTORE, SLOAD and SSTORE", () => {
  it("wordBytes gives @ethereumjs's setLengthLeft(bigIntToBytes(word), 32) for every size of word", () => {
    const rng = new Rng(3);
    const words = [
      0n,
      1n,
      255n,
      256n,
      (1n << 32n) - 1n,
      1n << 32n,
      (1n << 64n) - 1n,
      1n << 64n,
      1n << 128n,
      1n << 192n,
      MAX - 1n,
      MAX,
    ];
    for (let i = 0; i < 300; i++) words.push(BigInt(bytesToHex(rng.bytes(1 + rng.int(32)))));
    for (const word of words) {
      expect(bytesToHex(wordBytes(word)), word.toString(16)).to.equal(
        bytesToHex(setLengthLeft(bigIntToBytes(word), 32)),
      );
    }
  });

  it("minimalBytes gives @ethereumjs's bigIntToBytes for every word above 0, in a fresh array", () => {
    const rng = new Rng(5);
    const words = [1n, 255n, 256n, (1n << 64n) - 1n, 1n << 64n, 1n << 248n, MAX];
    for (let i = 0; i < 300; i++) words.push(BigInt(bytesToHex(rng.bytes(1 + rng.int(32)))) || 1n);
    for (const word of words)
      expect(bytesToHex(minimalBytes(word)), word.toString(16)).to.equal(bytesToHex(bigIntToBytes(word)));
    const [a, b] = [minimalBytes(7n), minimalBytes(9n)];
    expect([a[0], b[0]]).to.deep.equal([7, 9]);
  });

  it("a program of MSTOREs, SSTOREs and SLOADs returns the same bytes with and without them", async () => {
    // For several words w at several offsets: MSTORE(off, w); SSTORE(w, w + 1); MSTORE(off + 32, SLOAD(w));
    // then RETURN the whole memory written.
    const rng = new Rng(9);
    let code = "";
    const push32 = (w: bigint): string => `7f${w.toString(16).padStart(64, "0")}`;
    let offset = 0;
    const stored: bigint[] = [];
    for (let i = 0; i < 12; i++) {
      const w = i === 0 ? 0n : i === 1 ? MAX - 1n : BigInt(bytesToHex(rng.bytes(1 + rng.int(32))));
      const at = (n: number): string => `61${n.toString(16).padStart(4, "0")}`;
      code += `${push32(w)}${at(offset)}52`; // MSTORE(offset, w)
      code += `${push32(w + 1n)}${push32(w)}55`; // SSTORE(w, w + 1)
      code += `${push32(w)}54${at(offset + 32)}52`; // MSTORE(offset + 32, SLOAD(w))
      offset += 64 + rng.int(40);
      stored.push(w);
    }
    // Each slot cleared again (SSTORE of 0) and read back.
    for (const w of stored) {
      code += `5f${push32(w)}55${push32(w)}54${`61${offset.toString(16).padStart(4, "0")}`}52`;
      offset += 32;
    }
    code += `${`61${(offset + 32).toString(16).padStart(4, "0")}`}5ff3`; // RETURN(0, offset + 32)
    const run = async (fast: boolean, txState: boolean): Promise<string> => {
      const stateManager = txState ? new TxState(new FlatState()) : undefined;
      const vm = await createVM({ common: createChainCommon(1n, "prague"), stateManager });
      if (fast) expect(installWordOpcodes(vm.evm)).to.equal(true);
      const result = await runCodeAt(vm, code);
      expect(result.exceptionError).to.equal(undefined);
      // Gas too: the refunds of the cleared slots and the warm/cold costs must not change.
      return `${bytesToHex(result.returnValue)}:${result.executionGasUsed}:${result.gasRefund}`;
    };
    // Over @ethereumjs's own state manager (SLOAD through storageLoad) and over TxState (read at once).
    for (const txState of [false, true]) {
      const [slow, fast] = [await run(false, txState), await run(true, txState)];
      expect(fast).to.equal(slow);
      expect(fast.length).to.be.greaterThan(2 + 64 * 12 * 2);
    }
  });

  it("LOG0–LOG4 give the same logs (data and topics) with and without them", async () => {
    const rng = new Rng(11);
    const push32 = (w: bigint): string => `7f${w.toString(16).padStart(64, "0")}`;
    let code = `${push32(MAX - 5n)}5f52`; // MSTORE(0, MAX - 5): the logs' data
    for (let topics = 0; topics <= 4; topics++) {
      for (let t = 0; t < topics; t++) {
        const w = t === 0 ? 0n : t === 1 ? MAX : BigInt(bytesToHex(rng.bytes(1 + rng.int(32))));
        code += push32(w);
      }
      code += `60${(1 + rng.int(40)).toString(16).padStart(2, "0")}60${rng.int(8).toString(16).padStart(2, "0")}`;
      code += (0xa0 + topics).toString(16); // LOGn(offset, length, topics...)
    }
    const run = async (fast: boolean): Promise<string> => {
      const vm = await createVM({ common: createChainCommon(1n, "prague") });
      if (fast) expect(installWordOpcodes(vm.evm)).to.equal(true);
      const result = await runCodeAt(vm, code);
      expect(result.exceptionError).to.equal(undefined);
      return JSON.stringify(
        result.logs?.map(([a, topics, data]) => [bytesToHex(a), topics.map(bytesToHex), bytesToHex(data)]),
      );
    };
    const [slow, fast] = [await run(false), await run(true)];
    expect(fast).to.equal(slow);
    expect((JSON.parse(fast) as unknown[]).length).to.equal(5);
  });
});
