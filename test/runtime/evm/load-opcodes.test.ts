import { createVM } from "@ethereumjs/vm";
import { bytesToBigInt, bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { createChainCommon } from "../../../src/runtime/evm/evm-context.js";
import { installLoadOpcodes, wordOf } from "../../../src/runtime/evm/load-opcodes.js";
import { Rng } from "../trie/reference.js";

import { runCodeAt } from "./helpers/run-code.js";

const MAX = (1n << 256n) - 1n;
const push32 = (w: bigint): string => `7f${w.toString(16).padStart(64, "0")}`;
const push2 = (n: number): string => `61${n.toString(16).padStart(4, "0")}`;

/** Random words of every size: zero, all ones, and 1–32 random bytes (64-bit and 128-bit boundaries among them). */
function words(rng: Rng, n: number): bigint[] {
  const out = [0n, 1n, (1n << 64n) - 1n, 1n << 64n, (1n << 128n) - 1n, 1n << 128n, 1n << 192n, MAX];
  for (let i = 0; i < n; i++) out.push(bytesToBigInt(rng.bytes(1 + rng.int(32))));
  return out;
}

/** Runs `code` with `calldata`, with or without the faster handlers; the return data, gas and logs. */
async function run(code: string, calldata: Uint8Array, fast: boolean): Promise<string> {
  const seen: string[] = [];
  const common = createChainCommon(1n, "prague", (input, output) =>
    seen.push(`${bytesToHex(input)}>${bytesToHex(output)}`),
  );
  const vm = await createVM({ common });
  if (fast) expect(installLoadOpcodes(vm.evm)).to.equal(true);
  const result = await runCodeAt(vm, code, calldata);
  expect(result.exceptionError).to.equal(undefined);
  // The hashes the Common's keccak computed (what a keccak observer records) must not change either.
  return `${bytesToHex(result.returnValue)}:${result.executionGasUsed}:${seen.join(",")}`;
}

describe("runtime/evm: faster MLOAD, CALLDATALOAD and KECCAK256", () => {
  it("wordOf gives @ethereumjs's bytesToBigInt for 0–32 bytes, and the right-padded word with padRight", () => {
    const rng = new Rng(21);
    for (let i = 0; i < 2000; i++) {
      const bytes = rng.int(10) === 0 ? new Uint8Array(rng.int(33)) : rng.bytes(rng.int(33));
      expect(wordOf(bytes), bytesToHex(bytes)).to.equal(bytesToBigInt(bytes));
      const padded = new Uint8Array(32);
      padded.set(bytes);
      expect(wordOf(bytes, true), bytesToHex(bytes)).to.equal(bytesToBigInt(padded));
    }
  });

  it("a program of MSTOREs, MLOADs, KECCAK256s and CALLDATALOADs returns the same with and without them", async () => {
    const rng = new Rng(23);
    const calldata = rng.bytes(77);
    let code = "";
    let out = 4096;
    const keep = (): void => {
      code += `${push2(out)}52`; // MSTORE(out, top of stack)
      out += 32;
    };
    for (const w of words(rng, 40)) {
      const at = rng.int(600);
      code += `${push32(w)}${push2(at)}52`; // MSTORE(at, w)
      code += `${push2(at + rng.int(40))}51`; // MLOAD(at + a little): straddles the word
      keep();
      code += `${push2(rng.int(64))}${push2(at)}20`; // KECCAK256(at, 0..63 bytes)
      keep();
    }
    // Every CALLDATALOAD offset around the data's end (77 bytes), far past it, and a huge one.
    for (const pos of [0, 1, 31, 45, 46, 50, 76, 77, 78, 200]) {
      code += `${push2(pos)}35`;
      keep();
    }
    code += `${push32(MAX)}35`;
    keep();
    code += `5f5f20`; // KECCAK256 of nothing
    keep();
    code += `${push2(out)}5ff3`; // RETURN(0, out)
    const [slow, fast] = [await run(code, calldata, false), await run(code, calldata, true)];
    expect(fast).to.equal(slow);
    // 48 words hashed, the empty input, and what the EVM hashes itself.
    expect(fast.split(",").length).to.be.greaterThanOrEqual(49);
  });
});
