/**
 * The outside harness's stateful scenarios (see harness-sweep.test.ts): replaced, dropped and failed
 * transactions, reverted inner calls, transaction request fields in every form, nonces at EIP-2681's limit,
 * subscriptions, typed data, impersonation, reads and fee history around a long hardhat_mine, filters after
 * evm_revert, the pending block, and call traces of creations that log and then fail. Each answer is
 * compared whole with EDR's, each side reading its own earlier answers.
 */
import { ALICE, BOB } from "./helpers/compat-pair.js";
import {
  expectSweepSame,
  INNER_REVERT_INIT,
  MANUAL,
  ONE_TX,
  single,
  type SweepScenario,
} from "./helpers/sweep-scenario.js";

const TRANSACTIONS: SweepScenario[] = [
  {
    name: "a replaced transaction (automine off) and a dropped one",
    steps: [
      MANUAL,
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", nonce: "0x0", gasPrice: "0x3b9aca00" }]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x2", nonce: "0x0", gasPrice: "0x77359400" }]],
      ["eth_getTransactionByHash", (a) => [a[1]]],
      ["eth_getTransactionByHash", (a) => [a[2]]],
      ["txpool_content", []],
      ["eth_pendingTransactions", []],
      ["hardhat_dropTransaction", (a) => [a[2]]],
      ["eth_getTransactionByHash", (a) => [a[2]]],
      ["eth_getTransactionReceipt", (a) => [a[2]]],
      ["hardhat_dropTransaction", (a) => [a[2]]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x3", nonce: "0x0", gasPrice: "0x3b9aca00" }]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x4", nonce: "0x0", gasPrice: "0x3b9aca01" }]],
      ["evm_mine", []],
      ["eth_getTransactionByHash", (a) => [a[11]]],
      ["eth_getTransactionReceipt", (a) => [a[11]]],
      ["eth_getBlockByNumber", ["latest", true]],
    ],
    exactErrors: true,
  },
  {
    name: "a creation that fails: its receipt, its transaction, its block's receipts",
    steps: [
      ["eth_sendTransaction", [{ from: ALICE, data: "0x60006000fd", gas: "0x30000" }]],
      MANUAL,
      ["eth_sendTransaction", [{ from: ALICE, data: "0x60006000fd", gas: "0x30000" }]],
      ["eth_sendTransaction", [{ from: ALICE, data: "0xfe", gas: "0x30000" }]],
      ["evm_mine", []],
      ["eth_getTransactionReceipt", (a) => [a[2]]],
      ["eth_getTransactionReceipt", (a) => [a[3]]],
      ["eth_getBlockReceipts", ["latest"]],
      ["eth_getTransactionByHash", (a) => [a[3]]],
    ],
    exactErrors: true,
  },
  {
    name: "logs of a reverted inner creation are not kept; the outer log is",
    steps: [
      ["eth_sendTransaction", [{ from: ALICE, data: INNER_REVERT_INIT, gas: "0x100000" }]],
      ["eth_getTransactionReceipt", (a) => [a[0]]],
      ["eth_getLogs", [{ fromBlock: "0x0" }]],
      ["eth_call", [{ from: ALICE, data: INNER_REVERT_INIT }]],
      ["debug_traceTransaction", (a) => [a[0], { disableStorage: true }]],
    ],
    exactErrors: true,
  },
  ...[
    { value: 1 },
    { value: "1" },
    { value: "0X1" },
    { gas: 21000 },
    { gas: "0x5208", gasPrice: null },
    { nonce: null },
    { to: null },
    { to: "" },
    { data: "0x", input: "0x00" },
    { input: "0x00" },
    { data: "0x00", input: "0x00" },
    { chainId: "0x1" },
    { chainId: "0x7a69" },
    { type: "0x1", gasPrice: "0x3b9aca00" },
    { type: "0x0", maxFeePerGas: "0x3b9aca00" },
    { type: "0x5" },
    { gasPrice: "0x3b9aca00", maxFeePerGas: "0x3b9aca00" },
    { maxPriorityFeePerGas: "0x3b9aca00" },
    { maxFeePerGas: "0x1" },
    { accessList: null },
    { accessList: [] },
    { value: "0x" },
    { value: "0x01" },
    { nonce: "0x10" },
    { nonce: "0xffffffffffffffff" },
    { nonce: "0x10000000000000000" },
    { from: ALICE.toUpperCase().replace("0X", "0x") },
    { extra: 1 },
  ].map((fields): SweepScenario => ({
    name: `eth_sendTransaction with ${JSON.stringify(fields)}`,
    steps: [
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, ...fields }]],
      ["eth_getBlockByNumber", ["latest", true]],
    ],
    exactErrors: true,
  })),
  ...["0xffffffffffffffff", "0xfffffffffffffffe"].map((nonce): SweepScenario => ({
    name: `nonce ${nonce} with automine off`,
    steps: [
      MANUAL,
      ["hardhat_setNonce", [ALICE, nonce]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, nonce }]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB }]],
      ["eth_getTransactionCount", [ALICE, "pending"]],
      ["evm_mine", []],
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_getTransactionCount", [ALICE, "latest"]],
    ],
    exactErrors: true,
  })),
];

const TYPED = {
  types: { EIP712Domain: [{ name: "name", type: "string" }], Mail: [{ name: "contents", type: "string" }] },
  primaryType: "Mail",
  domain: { name: "x" },
  message: { contents: "hi" },
};
const STRANGER = "0x000000000000000000000000000000000000dEaD";
/** Further shapes: subscriptions, typed data, impersonation, signing, calls with conflicting fields. */
const MORE: SweepScenario[] = [
  single("eth_subscribe", ["newHeads", {}]),
  single("eth_subscribe", ["logs"]),
  single("eth_subscribe", ["syncing"]),
  single("eth_subscribe", ["nope"]),
  single("eth_subscribe", []),
  single("eth_unsubscribe", ["0x99"]),
  single("eth_signTypedData_v4", [ALICE, TYPED]),
  single("eth_signTypedData_v4", [ALICE, JSON.stringify(TYPED)]),
  single("eth_signTypedData_v4", [BOB, { ...TYPED, primaryType: "Nope" }]),
  single("eth_signTypedData_v4", [STRANGER, TYPED]),
  single("personal_sign", ["hello", ALICE]),
  single("eth_sign", [STRANGER, "0x00"]),
  single("eth_sendTransaction", [{ from: STRANGER, to: BOB }]),
  single(
    "eth_sendTransaction",
    [{ from: STRANGER.toLowerCase(), to: BOB }],
    [
      ["hardhat_impersonateAccount", [STRANGER]],
      ["hardhat_setBalance", [STRANGER, "0x1000000000000000000"]],
    ],
  ),
  single("eth_accounts", [], [["hardhat_impersonateAccount", [STRANGER]]]),
  single("hardhat_setCoinbase", [STRANGER]),
  single("hardhat_setCoinbase", [STRANGER.toUpperCase().replace("0X", "0x")]),
  single("hardhat_impersonateAccount", [STRANGER.toUpperCase().replace("0X", "0x")]),
  single("hardhat_stopImpersonatingAccount", [STRANGER]),
  single("eth_getStorageAt", [ALICE, "0x", "latest"]),
  single("eth_call", [{ to: BOB, data: "0x00", input: "0x01" }]),
  single("eth_call", [{ to: BOB, gas: "0xffffffffff" }]),
  single("eth_call", [{ to: BOB, gasPrice: "0x1", maxFeePerGas: "0x1" }]),
  single("eth_call", [{ from: STRANGER, to: BOB, value: "0x1" }]),
  single("eth_estimateGas", [{ from: STRANGER, to: BOB, value: "0x1" }]),
  single("eth_estimateGas", [{ to: BOB, gas: "0xffffffffff" }]),
  single("evm_setNextBlockTimestamp", ["0x1"], [ONE_TX]),
  single("evm_mine", [{ timestamp: "0x1" }]),
  single("evm_mine", ["0x1", "0x2"]),
  single("eth_getLogs", [{ address: [ALICE, BOB], topics: [null, null, null, null, null] }]),
  single("eth_getLogs", [{ fromBlock: "latest", toBlock: "earliest" }], [ONE_TX]),
  single("eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x10" }], [ONE_TX]),
  single("eth_newFilter", [{ toBlock: "pending" }]),
  single("eth_newBlockFilter", [null]),
];

/** Reads around reserved blocks of a long hardhat_mine, after a revert, and of filters across both. */
const HISTORY: SweepScenario[] = [
  {
    name: "reads inside and across a long hardhat_mine",
    steps: [
      ONE_TX,
      ["hardhat_mine", ["0x3e8", "0x2"]],
      ["eth_getBlockByNumber", ["0x1f4", true]],
      ["eth_getBlockTransactionCountByNumber", ["0x1f4"]],
      ["eth_getUncleCountByBlockNumber", ["0x1f4"]],
      ["eth_feeHistory", ["0x5", "0x1f4", [25, 75]]],
      ["eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }]],
      // (State reads at a reserved block are not compared: EDR answers an empty state there; COMPATIBILITY.md.)
      ["eth_getBlockByNumber", ["safe", false]],
      ["eth_getBlockByNumber", ["finalized", false]],
      ["eth_getTransactionByBlockNumberAndIndex", ["0x1f4", "0x0"]],
      ["eth_getBlockByNumber", ["latest", false]],
    ],
    exactErrors: true,
  },
  {
    name: "fee history whose newest block is followed by a mined block with an overridden base fee",
    steps: [
      ["hardhat_setNextBlockBaseFeePerGas", ["0x12345678"]],
      ["evm_mine", []],
      ["evm_mine", []],
      ["eth_feeHistory", ["0x1", "0x0", []]],
      ["eth_feeHistory", ["0x2", "0x1", [50]]],
      ["eth_feeHistory", ["0x2", "latest", []]],
    ],
    exactErrors: true,
  },
  {
    name: "a transaction and filters after evm_revert",
    steps: [
      ["evm_snapshot", []],
      ["eth_newBlockFilter", []],
      ["eth_newPendingTransactionFilter", []],
      ["eth_newFilter", [{ fromBlock: "0x0" }]],
      ["eth_sendTransaction", [{ from: ALICE, data: INNER_REVERT_INIT, gas: "0x100000" }]],
      ["evm_revert", (a) => [a[0]]],
      ["eth_getTransactionByHash", (a) => [a[4]]],
      ["eth_getTransactionReceipt", (a) => [a[4]]],
      ["eth_getFilterChanges", (a) => [a[1]]],
      ["eth_getFilterChanges", (a) => [a[2]]],
      ["eth_getFilterChanges", (a) => [a[3]]],
      ["eth_getFilterLogs", (a) => [a[3]]],
      ["eth_blockNumber", []],
      ["eth_getTransactionCount", [ALICE, "latest"]],
    ],
    exactErrors: true,
    unchecked: [0, 1, 2, 3, 5],
  },
  {
    name: "the pending block with pooled transactions, full and by hash",
    steps: [
      MANUAL,
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208", gasPrice: "0x3b9aca00" }]],
      ["eth_sendTransaction", [{ from: BOB, to: ALICE, value: "0x1", gas: "0x5208", maxFeePerGas: "0x1" }]],
      ["eth_getBlockByNumber", ["pending", true]],
      ["eth_getBlockTransactionCountByNumber", ["pending"]],
      ["eth_getTransactionByBlockNumberAndIndex", ["pending", "0x0"]],
      ["eth_getTransactionByBlockNumberAndIndex", ["pending", "0x1"]],
      ["eth_getBalance", [BOB, "pending"]],
      ["eth_getTransactionCount", [BOB, "pending"]],
      ["eth_feeHistory", ["0x2", "pending", [50]]],
      ["eth_getLogs", [{ fromBlock: "pending", toBlock: "pending" }]],
    ],
    exactErrors: true,
  },
];

/** Init codes that log and then fail, or whose inner creation logs and fails (hand-assembled). */
const LOG_THEN_FAIL: ReadonlyArray<readonly [string, string]> = [
  ["logs, then loops out of gas", "0x60006000a05b600556"],
  ["logs, then runs out of gas depositing its code", "0x60006000a06127106000f3"],
  ["logs, then reverts", "0x60006000a060006000fd"],
  ["logs, then INVALID", "0x60006000a0fe"],
  ["creates a child that logs and reverts, then logs", INNER_REVERT_INIT],
  ["creates a child that logs, then reverts", "0x6560006000a0006000526006601a6000f05060006000fd"],
  [
    "creates a child that logs, logs, then loops out of gas",
    "0x6560006000a0006000526006601a6000f05060006000a05b601756",
  ],
];
const CALL_TRACER = { tracer: "callTracer", tracerConfig: { withLog: true } };
/** callTracer's logs of failed frames: the outermost frame's are shown, failed or not (it was: never). */
const TRACES: SweepScenario[] = LOG_THEN_FAIL.map(([name, data]) => ({
  name: `call traces with logs of a creation that ${name}`,
  steps: [
    MANUAL,
    ["eth_sendTransaction", [{ from: ALICE, data, gas: "0x100000" }]],
    ["evm_mine", []],
    ["debug_traceTransaction", (a) => [a[1], CALL_TRACER]],
    ["debug_traceTransaction", (a) => [a[1], { ...CALL_TRACER, tracerConfig: { withLog: true, onlyTopCall: true } }]],
    ["debug_traceTransaction", (a) => [a[1], { tracer: "muxTracer", tracerConfig: { callTracer: { withLog: true } } }]],
    ["debug_traceTransaction", (a) => [a[1], { tracer: "flatCallTracer" }]],
    ["debug_traceCall", [{ from: ALICE, data, gas: "0x100000" }, "latest", CALL_TRACER]],
  ],
  exactErrors: true,
}));

describe("compat: an outside harness's scenarios (differential)", function () {
  for (const s of [...TRANSACTIONS, ...MORE, ...HISTORY, ...TRACES]) {
    it(s.name, () => expectSweepSame(s));
  }
});
