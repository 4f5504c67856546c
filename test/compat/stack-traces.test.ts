import { expect } from "chai";
import { AbiCoder, Interface, hexlify } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, CompatPair, bytecodeOf } from "./helpers/compat-pair.js";

const outer = new Interface([
  "function direct(uint256)",
  "function nested(uint256)",
  "function create(uint256)",
  "function guarded(uint256)",
  "function payMe()",
  "function broken()",
  "function callAccount(address)",
  "function payDirect(address)",
  "function callAbsent(address)",
]);
const RAW_REVERT = "0x00000000000000000000000000000000000000aa";
const RAW_EMPTY = "0x00000000000000000000000000000000000000bb";

/** What a user sees of a failure's Solidity stack: the trace entries, `solidityStack`, the Solidity lines of `stack`. */
async function stackOf(connection: NetworkConnection, method: string, params: unknown[]) {
  try {
    await connection.provider.request({ method, params });
    return "no error";
  } catch (error) {
    const e = error as Error & { stackTrace?: unknown; solidityStack?: unknown };
    const json = JSON.stringify(e.stackTrace, (_key, value: unknown) =>
      typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? hexlify(value) : value,
    );
    const solidityLines = (e.stack ?? "").split("\n").filter((l) => /^ {4}at .*\.sol(:\d+)?\)?$/.test(l));
    return {
      message: e.message,
      stackTrace: json === undefined ? undefined : (JSON.parse(json) as unknown),
      solidityStack: e.solidityStack,
      solidityLines,
    };
  }
}

describe("compat: Solidity stack traces of failures, as Hardhat's network prints them", function () {
  let pair: CompatPair;
  let target: string;
  let fallbacks: string;
  let fallbackAndReceive: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("StackTraces.sol", "Outer");
    fallbacks = await pair.deploy("StackTraces.sol", "Fallbacks");
    fallbackAndReceive = await pair.deploy("StackTraces.sol", "FallbackAndReceive");
    await pair.both("hardhat_setCode", [RAW_REVERT, "0x5f5ffd"]);
  });
  after(() => pair.close());

  const call = (fn: string, mode?: number) => () => ({
    to: target,
    data: outer.encodeFunctionData(fn, mode === undefined ? [] : [mode]),
  });
  const failing = (mode: number) => () => ({
    data: bytecodeOf("StackTraces.sol", "Failing") + AbiCoder.defaultAbiCoder().encode(["uint256"], [mode]).slice(2),
  });

  // Each bubbles up through Outer (directly, or through its internal function `helper`) from Inner.
  const same: Array<[string, () => Record<string, string>]> = [
    ["a reason string", call("direct", 1)],
    ["a custom error", call("direct", 2)],
    ["a panic", call("direct", 3)],
    ["an internal library function's require, through two internal calls", call("direct", 4)],
    ["a bare revert, bubbled up without data", call("direct", 6)],
    ["a free function's require", call("direct", 7)],
    ["a reason string through an internal function", call("nested", 1)],
    ["a custom error through an internal function", call("nested", 2)],
    ["a panic through an internal function", call("nested", 3)],
    ["a constructor's require", failing(1)],
    ["a constructor's custom error", failing(2)],
    ["a constructor's require, through a factory's new", call("create", 1)],
  ];

  for (const [label, tx] of same) {
    it(`${label}: the same frames in eth_call, eth_estimateGas and eth_sendTransaction`, async () => {
      for (const [method, params] of requests(tx)) {
        const edr = await stackOf(pair.edr, method, params);
        const parallel = await stackOf(pair.parallel, method, params);
        expect(parallel, method).to.deep.equal(edr);
        expect((edr as { solidityLines: string[] }).solidityLines, method).to.have.length.above(0);
      }
    });
  }

  // Frames EDR infers rather than traces (stack-inference.ts): the dispatcher's refusals, a modifier's failure,
  // Solidity's check of a call to an account without code; and an invalid opcode.
  const withArgument = (fn: string, argument: () => string) => () => ({
    to: target,
    data: outer.encodeFunctionData(fn, [argument()]),
  });
  const inferred: Array<[string, () => Record<string, string>]> = [
    ["a modifier's require", call("guarded", 11)],
    ["value to a non-payable function", () => ({ ...call("direct", 1)(), value: "0x1" })],
    ["an unknown selector without a fallback", () => ({ to: target, data: "0x12345678" })],
    ["empty calldata without a fallback nor receive", () => ({ to: target, data: "0x" })],
    ["value to a non-payable fallback", () => ({ to: fallbacks, data: "0x12345678", value: "0x1" })],
    ["value to a non-payable fallback, no receive", () => ({ to: fallbacks, data: "0x", value: "0x1" })],
    [
      "value and a selector to a non-payable fallback beside a receive",
      () => ({
        to: fallbackAndReceive,
        data: "0x12345678",
        value: "0x1",
      }),
    ],
    ["an invalid opcode", call("broken")],
    [
      "calldata too short for the function's arguments",
      () => ({ to: target, data: outer.getFunction("direct")?.selector ?? "" }),
    ],
    ["a call to an account without code", withArgument("callAbsent", () => RAW_EMPTY)],
    ["a call to an account without code that should return a value", withArgument("callAccount", () => RAW_EMPTY)],
    [
      "a non-payable function's refusal, bubbled up",
      () => ({ ...withArgument("payDirect", () => target)(), value: "0x2" }),
    ],
    ["an unknown selector's refusal, bubbled up", withArgument("callAbsent", () => target)],
  ];

  for (const [label, tx] of inferred) {
    it(`${label}: the same inferred frames in eth_call, eth_estimateGas and eth_sendTransaction`, async () => {
      for (const [method, params] of requests(tx)) {
        const edr = await stackOf(pair.edr, method, params);
        const parallel = await stackOf(pair.parallel, method, params);
        expect(parallel, method).to.deep.equal(edr);
        expect((edr as { solidityLines: string[] }).solidityLines, method).to.have.length.above(0);
      }
    });
  }

  // EDR's stack traces of these come from inferences the parallel network does not make (code the project did
  // not compile): it leaves the stack out rather than guess. Out of gas has no stack trace on either.
  const leftOut: Array<[string, () => Record<string, string>]> = [
    ["uncompiled code reverting", () => ({ to: RAW_REVERT, data: "0x" })],
  ];

  for (const [label, tx] of leftOut) {
    it(`${label}: the same message, no guessed frames`, async () => {
      for (const [method, params] of requests(tx)) {
        const edr = await stackOf(pair.edr, method, params);
        const parallel = await stackOf(pair.parallel, method, params);
        expect(parallel, method).to.deep.equal({
          message: (edr as { message: string }).message,
          stackTrace: undefined,
          solidityStack: undefined,
          solidityLines: [],
        });
      }
    });
  }
});

function requests(tx: () => Record<string, string>): Array<[string, unknown[]]> {
  return [
    ["eth_call", [{ from: ALICE, ...tx() }]],
    ["eth_estimateGas", [{ from: ALICE, ...tx() }]],
    ["eth_sendTransaction", [{ from: ALICE, gas: "0x200000", ...tx() }]],
  ];
}
