import { writeFileSync } from "node:fs";

import { expect } from "chai";
import { Interface } from "ethers";

import { firstDifference } from "./fuzz/compat-replay.js";
import { ALICE, BOB, bytecodeOf, CompatPair, comparableError, type Outcome } from "./helpers/compat-pair.js";

const compat = new Interface([
  "function increment()",
  "function failReason()",
  "function failCustom(uint256 code)",
  "function deposit(bytes32 tag) payable",
  "function withdraw(uint256 amount)",
  "function create(uint256 initial) payable returns (address)",
  "function create2(uint256 initial, bytes32 salt) payable returns (address)",
]);
const nested = new Interface([
  "function chain(address leaf, uint256 value) payable returns (uint256)",
  "function caught(address leaf, uint256 code) returns (bool)",
  "function uncaught(address leaf, uint256 code)",
  "function starve(address leaf) returns (bool)",
  "function spawn(bytes32 salt, bool die) payable returns (address, address)",
  "function hash(bytes input) returns (bytes32)",
  "function noisy(address leaf)",
  "function oddities(address leaf) payable",
  "function divide(uint256 by) returns (uint256)",
  "function panicWith(uint256 code)",
]);
const leafAbi = new Interface([
  "function destroy(address to)",
  "function touch(uint256 value) payable returns (uint256)",
]);
const fuzz = new Interface([
  "function exhaust()",
  "function invalidOpcode()",
  "function poke(uint256 key, uint256 value)",
  "function clear(uint256 key)",
]);

/** The contracts every scenario may use, deployed in the same order on both networks. */
interface Deployed {
  readonly compat: string;
  readonly nested: string;
  readonly leaf: string;
  readonly fuzz: string;
}

const SALT = `0x${"ab".repeat(32)}`;

/** Transactions traced, each sent from ALICE on both networks (explicit gas: failing ones are mined too). */
const SCENARIOS: Array<[string, (d: Deployed) => Record<string, unknown>]> = [
  ["an ETH transfer to an account without code", () => ({ to: BOB, value: "0x1234" })],
  ["a call that emits an event", (d) => ({ to: d.compat, data: compat.encodeFunctionData("increment") })],
  [
    "a deposit with value and an indexed event",
    (d) => ({ to: d.compat, data: compat.encodeFunctionData("deposit", [SALT]), value: "0x3e8" }),
  ],
  ["a revert with a reason string", (d) => ({ to: d.compat, data: compat.encodeFunctionData("failReason") })],
  ["a revert with a custom error", (d) => ({ to: d.compat, data: compat.encodeFunctionData("failCustom", [9]) })],
  ["a CREATE with value", (d) => ({ to: d.compat, data: compat.encodeFunctionData("create", [5]), value: "0x10" })],
  ["a CREATE2", (d) => ({ to: d.compat, data: compat.encodeFunctionData("create2", [6, SALT]) })],
  [
    "nested CALL, STATICCALL and DELEGATECALL with value and logs",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("chain", [d.leaf, 7]), value: "0x64" }),
  ],
  [
    "a caught child revert with a reason",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("caught", [d.leaf, 0]) }),
  ],
  [
    "a caught child revert with a custom error",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("caught", [d.leaf, 4]) }),
  ],
  [
    "a child that logs and writes, then reverts, between two logs",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("noisy", [d.leaf]) }),
  ],
  [
    "an uncaught child revert after a successful child",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("uncaught", [d.leaf, 0]) }),
  ],
  ["a child that runs out of gas", (d) => ({ to: d.nested, data: nested.encodeFunctionData("starve", [d.leaf]) })],
  [
    "CREATE and CREATE2 children, one self-destructing in its constructor",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("spawn", [SALT, true]), value: "0x20" }),
  ],
  [
    "a SELFDESTRUCT of an existing contract",
    (d) => ({ to: d.leaf, data: leafAbi.encodeFunctionData("destroy", [BOB]) }),
  ],
  ["a precompile call", (d) => ({ to: d.nested, data: nested.encodeFunctionData("hash", ["0x1234"]) })],
  [
    "a failed CREATE, a write in a STATICCALL, a CALLCODE, a call beyond the balance, value to a precompile",
    (d) => ({ to: d.nested, data: nested.encodeFunctionData("oddities", [d.leaf]), value: "0x5" }),
  ],
  ["a panic (division by zero)", (d) => ({ to: d.nested, data: nested.encodeFunctionData("divide", [0]) })],
  ["storage writes", (d) => ({ to: d.fuzz, data: fuzz.encodeFunctionData("poke", [3, 4]) })],
  ["a storage slot cleared", (d) => ({ to: d.fuzz, data: fuzz.encodeFunctionData("clear", [3]) })],
  ["a contract deployment", () => ({ data: bytecodeOf("Nested.sol", "Leaf") })],
  ["running out of gas at the top", (d) => ({ to: d.fuzz, data: fuzz.encodeFunctionData("exhaust"), gas: "0x30000" })],
  ["an invalid opcode", (d) => ({ to: d.fuzz, data: fuzz.encodeFunctionData("invalidOpcode") })],
];

/** Tracer options every scenario is traced with. */
const TRACERS: unknown[] = [
  { tracer: "callTracer" },
  { tracer: "callTracer", tracerConfig: { withLog: true } },
  { tracer: "callTracer", tracerConfig: { onlyTopCall: true, withLog: true } },
  { tracer: "prestateTracer" },
  { tracer: "prestateTracer", tracerConfig: { diffMode: true } },
  { tracer: "prestateTracer", tracerConfig: { diffMode: true, disableCode: true, disableStorage: true } },
  { tracer: "prestateTracer", tracerConfig: { disableCode: true } },
  { tracer: "4byteTracer" },
  { tracer: "noopTracer" },
  { tracer: "erc7562Tracer" },
  { tracer: "erc7562Tracer", tracerConfig: { withLog: true, ignoredOpcodes: ["0x60", "0x5b"] } },
  { tracer: "muxTracer" },
  {
    tracer: "muxTracer",
    tracerConfig: { callTracer: { withLog: true }, prestateTracer: { diffMode: true }, "4byteTracer": null },
  },
  { tracer: "muxTracer", tracerConfig: { flatCallTracer: {}, noopTracer: null, callTracer: { onlyTopCall: true } } },
  { tracer: "flatCallTracer" },
  { tracer: "flatCallTracer", tracerConfig: { convertParityErrors: true, includePrecompiles: true } },
];

const dump: Record<string, unknown> = {};

async function latestTx(pair: CompatPair): Promise<[string, string, string, string]> {
  const [a, b] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<{
    hash: string;
    transactions: string[];
  }>;
  return [String(a?.transactions[0]), String(b?.transactions[0]), String(a?.hash), String(b?.hash)];
}

/** An answer with the block hash of `own` replaced (flat call traces name the block, whose hash differs). */
function withoutBlockHash(outcome: Outcome, own: string): unknown {
  return JSON.parse(JSON.stringify(outcome).replaceAll(own, "<block>"));
}

describe("compat: debug_traceTransaction and debug_traceCall native tracers", () => {
  let pair: CompatPair;
  let deployed: Deployed;

  before(async () => {
    pair = await CompatPair.open();
    deployed = {
      compat: await pair.deploy("Compat.sol", "Compat"),
      nested: await pair.deploy("Nested.sol", "Nested"),
      leaf: await pair.deploy("Nested.sol", "Leaf"),
      fuzz: await pair.deploy("FuzzTarget.sol", "FuzzTarget"),
    };
  });
  after(async () => {
    if (process.env.TRACERS_DUMP !== undefined) writeFileSync(process.env.TRACERS_DUMP, JSON.stringify(dump, null, 1));
    await pair.close();
  });

  for (const [label, tx] of SCENARIOS) {
    it(`${label}: the same answer from every tracer`, async () => {
      await pair.both("eth_sendTransaction", [{ from: ALICE, gas: "0x200000", ...tx(deployed) }]);
      const [hashA, hashB, blockA, blockB] = await latestTx(pair);
      const differences: string[] = [];
      for (const options of TRACERS) {
        const a = await pairOutcome(pair, "edr", [hashA, options]);
        const b = await pairOutcome(pair, "parallel", [hashB, options]);
        dump[`${label} ${JSON.stringify(options)}`] = a;
        expect(a.ok, `${JSON.stringify(options)}: ${JSON.stringify(a)}`).to.equal(true);
        const difference = firstDifference(withoutBlockHash(a, blockA), withoutBlockHash(b, blockB));
        if (difference !== undefined) differences.push(`${JSON.stringify(options)}: ${difference}`);
      }
      expect(differences, differences.join("\n")).to.deep.equal([]);
    });
  }

  it("every transaction of a block of several (each traced over the state the ones before it left)", async () => {
    await pair.both("evm_setAutomine", [false]);
    const txs = SCENARIOS.filter((_, i) => [1, 2, 7, 12].includes(i));
    for (const [, tx] of txs)
      await pair.both("eth_sendTransaction", [{ from: ALICE, gas: "0x200000", ...tx(deployed) }]);
    await pair.both("evm_mine");
    await pair.both("evm_setAutomine", [true]);
    const [a, b] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<{
      hash: string;
      transactions: string[];
    }>;
    expect(a?.transactions.length).to.equal(txs.length);
    const differences: string[] = [];
    for (const [i, hashA] of (a?.transactions ?? []).entries()) {
      for (const options of TRACERS) {
        const edr = await pairOutcome(pair, "edr", [hashA, options]);
        const parallel = await pairOutcome(pair, "parallel", [b?.transactions[i], options]);
        const difference = firstDifference(
          withoutBlockHash(edr, String(a?.hash)),
          withoutBlockHash(parallel, String(b?.hash)),
        );
        if (difference !== undefined) differences.push(`tx ${i} ${JSON.stringify(options)}: ${difference}`);
      }
    }
    expect(differences, differences.join("\n")).to.deep.equal([]);
  });

  it("debug_traceCall: the same answer from every tracer", async () => {
    const differences: string[] = [];
    for (const [label, tx] of SCENARIOS.slice(1)) {
      for (const options of TRACERS) {
        const params = [{ from: ALICE, ...tx(deployed) }, "latest", options];
        const { edr, parallel } = await pair.both("debug_traceCall", params);
        dump[`call ${label} ${JSON.stringify(options)}`] = edr;
        const difference = firstDifference(edr, parallel);
        if (difference !== undefined) differences.push(`${label} ${JSON.stringify(options)}: ${difference}`);
      }
    }
    expect(differences, differences.join("\n")).to.deep.equal([]);
  });

  it("debug_traceCall: every panic code's revertReason as EDR words it", async () => {
    const differences: string[] = [];
    for (const code of [0x00, 0x01, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32, 0x41, 0x51, 0x02, 0x100]) {
      const data = nested.encodeFunctionData("panicWith", [code]);
      const options = { tracer: "callTracer" };
      const { edr, parallel } = await pair.both("debug_traceCall", [
        { from: ALICE, to: deployed.nested, data },
        "latest",
        options,
      ]);
      dump[`panic ${code}`] = edr;
      const difference = firstDifference(edr, parallel);
      if (difference !== undefined) differences.push(`panic ${code}: ${difference}`);
    }
    expect(differences, differences.join("\n")).to.deep.equal([]);
  });

  /**
   * Runtimes that run out of gas growing memory: MLOAD far out, RETURN of 16 MiB, a CALL with a 16 MiB output
   * (the last compared without prestateTracer: @ethereumjs reads the callee before the halt, revm does not).
   */
  const MEMORY_HOGS: Array<[string, string]> = [
    ["MLOAD far out", "63010000005100"],
    ["RETURN of 16 MiB", "63010000005ff3"],
    ["a CALL asking for 16 MiB of output", "63010000005f5f5f5f60045af100"],
  ];
  for (const [label, runtime] of MEMORY_HOGS) {
    it(`a halt growing memory (${label}): the same answer from every tracer`, async () => {
      const length = (runtime.length / 2).toString(16).padStart(2, "0");
      const init = `0x60${length}600c60003960${length}6000f3${runtime}`;
      const [deployedA, deployedB] = await pair.transact({ from: ALICE, data: init });
      expect(deployedA.contractAddress).to.equal(deployedB.contractAddress);
      const differences: string[] = [];
      const prestate = (o: unknown): boolean => JSON.stringify(o).includes("prestateTracer");
      for (const options of TRACERS.filter((o) => !label.includes("CALL") || !prestate(o))) {
        const params = [{ from: ALICE, to: deployedA.contractAddress, gas: "0x100000" }, "latest", options];
        const { edr, parallel } = await pair.both("debug_traceCall", params);
        dump[`memory ${label} ${JSON.stringify(options)}`] = edr;
        const difference = firstDifference(edr, parallel);
        if (difference !== undefined) differences.push(`${JSON.stringify(options)}: ${difference}`);
      }
      expect(differences, differences.join("\n")).to.deep.equal([]);
      const call = (dump[`memory ${label} {"tracer":"callTracer"}`] ?? {}) as { result?: { error?: string } };
      expect(call.result?.error).to.equal("out of gas: out of memory");
    });
  }

  const REFUSED: unknown[] = [
    { tracer: "bogusTracer" },
    { tracer: "{ step: function() {}, fault: function() {}, result: function() { return 1; } }" },
    { tracer: "" },
    { tracer: "callTracer", tracerConfig: 3 },
    { tracer: "prestateTracer", tracerConfig: { diffMode: "yes" } },
    { tracer: "muxTracer", tracerConfig: { bogusTracer: {} } },
    { tracer: "muxTracer", tracerConfig: { "4byteTracer": {} } },
    { tracer: "muxTracer", tracerConfig: { muxTracer: null } },
    { tracer: "flatCallTracer", tracerConfig: { convertParityErrors: 1 } },
    { tracer: "muxTracer", tracerConfig: { callTracer: 3 } },
    { tracer: "muxTracer", tracerConfig: 3 },
    { tracer: "muxTracer", tracerConfig: { callTracer: null } },
    { tracer: "muxTracer", tracerConfig: { prestateTracer: { diffMode: 1 } } },
    { tracer: "muxTracer", tracerConfig: { flatCallTracer: "yes" } },
    { tracer: "muxTracer", tracerConfig: { noopTracer: {} } },
  ];
  for (const options of REFUSED) {
    it(`refuses ${JSON.stringify(options)} with EDR's error`, async () => {
      const [hashA, hashB] = await latestTx(pair);
      const a = await pairOutcome(pair, "edr", [hashA, options]);
      const b = await pairOutcome(pair, "parallel", [hashB, options]);
      dump[`refused ${JSON.stringify(options)}`] = a;
      expect(a.ok).to.equal(false);
      expect(comparableError(b, true)).to.deep.equal(comparableError(a, true));
    });
  }
});

describe("compat: a tracer that is not a string", () => {
  it("is refused with EDR's code and message (EDR adds the request and the JSON position)", async () => {
    const pair = await CompatPair.open();
    try {
      const [hash] = (await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }])) as string[];
      const { edr, parallel } = await pair.both("debug_traceTransaction", [hash, { tracer: 5 }]);
      expect(edr.ok || parallel.ok).to.equal(false);
      if (edr.ok || parallel.ok) return;
      expect(parallel.code).to.equal(edr.code);
      expect(edr.message.startsWith(`${parallel.message} at line 1 column `)).to.equal(true);
    } finally {
      await pair.close();
    }
  });
});

async function pairOutcome(pair: CompatPair, side: "edr" | "parallel", params: unknown[]): Promise<Outcome> {
  const { outcomeOf } = await import("./helpers/compat-pair.js");
  return outcomeOf(pair[side], "debug_traceTransaction", params);
}
