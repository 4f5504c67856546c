import { expect } from "chai";
import { Interface, concat, toBeHex } from "ethers";

import { ALICE, CompatPair, comparableError } from "./helpers/compat-pair.js";

const target = new Interface(["function invalidOpcode()", "function exhaust()"]);
const precompile = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const word = (n: number): string => toBeHex(n, 32);

describe("compat: invalid opcodes, out of gas, failing precompiles, intrinsic gas", () => {
  let pair: CompatPair;
  let contract: string;

  before(async () => {
    pair = await CompatPair.open();
    contract = await pair.deploy("FuzzTarget.sol", "FuzzTarget");
  });
  after(() => pair.close());

  const CASES: Array<[string, (to: string) => Record<string, unknown>]> = [
    ["invalid opcode", (to) => ({ to, data: target.encodeFunctionData("invalidOpcode") })],
    ["out of gas (explicit gas)", (to) => ({ to, data: target.encodeFunctionData("exhaust"), gas: "0x30000" })],
    ["out of gas on the SSTORE sentry", (to) => ({ to, data: target.encodeFunctionData("exhaust"), gas: "0x2dc6c0" })],
    ["out of gas (no gas given)", (to) => ({ to, data: target.encodeFunctionData("exhaust") })],
    ["BLS12-381 G1 add, bad input", () => ({ to: precompile(0x0b), data: "0x1234" })],
    ["BLS12-381 pairing, bad length", () => ({ to: precompile(0x0f), data: `0x${"ab".repeat(192)}`, gas: "0xea60" })],
    ["modexp beyond EIP-7823's limit", () => ({ to: precompile(5), data: concat([word(2000), word(1), word(1)]) })],
    ["point evaluation, bad input", () => ({ to: precompile(0x0a), data: "0x1234" })],
    ["BN254 add, point not on the curve", () => ({ to: precompile(6), data: `0x${"11".repeat(128)}` })],
    ["BN254 pairing, too little gas", () => ({ to: precompile(8), data: `0x${"ab".repeat(64)}`, gas: "0xea60" })],
    ["gas below the intrinsic cost", () => ({ to: precompile(2), data: `0x${"11".repeat(64)}`, gas: "0x5300" })],
    [
      "gas below the calldata floor (EIP-7623)",
      () => ({ to: precompile(2), data: `0x${"11".repeat(64)}`, gas: "0x57e8" }),
    ],
  ];

  // Halts of code no artifact names (creation init code): only an invalid opcode is named.
  const UNKNOWN_CODE: Array<[string, () => Record<string, unknown>]> = [
    ["stack underflow in init code", () => ({ data: "0x01", gas: "0x30000" })],
    ["a jump to a non-JUMPDEST in init code", () => ({ data: "0x600056", gas: "0x30000" })],
    ["an undefined opcode in init code", () => ({ data: "0x0c", gas: "0x30000" })],
    ["stack overflow in init code", () => ({ data: `0x${"5f".repeat(1025)}` })],
    ["init code returning code over the size limit", () => ({ data: "0x6160016000f3", gas: "0x300000" })],
  ];
  CASES.push(...UNKNOWN_CODE);

  for (const [label, tx] of CASES) {
    for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
      it(`${method}: ${label} answers EDR's code, message and data`, async () => {
        const { edr, parallel } = await pair.both(method, [{ from: ALICE, ...tx(contract) }]);
        expect(edr.ok, "EDR refuses it").to.equal(false);
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
        const [a, b] = await pair.results("eth_blockNumber");
        expect(b).to.equal(a);
      });
    }
  }
});
