/**
 * Differential cases found by probing the parallel network as an independent harness would (request forms of
 * ethers, viem and hand-written tests, transaction types, error shapes, helpers, settings): each is compared
 * with Hardhat's network by helpers/differential.ts. Differences left on purpose (not cases here):
 * - A decimal or "0X" block number where a block hash would fit too (eth_getBalance "2"): EDR's parser falls
 *   through to -32004 "Method eth_getBalance is not supported"; ours answers -32602 naming the parameter.
 * - hardhat_reset: EDR (Hardhat 3) answers -32004; the parallel network resets its chain (dev-methods.test.ts).
 * - Hardforks before London: refused by the parallel network with a config error naming the setting.
 */
import { Wallet } from "ethers";

import { ALICE, BOB, CAROL, bytecodeOf } from "./helpers/compat-pair.js";
import { expectSameOnBoth, type DifferentialCase } from "./helpers/differential.js";

/** Account #5 of the default mnemonic: signs the raw transactions. */
const SIGNER = new Wallet("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
/** Code returning its own balance (SELFBALANCE), and storage slot 0 (SLOAD 0). */
const SELF_BALANCE = "0x4760005260206000f3";
const SLOT0 = "0x60005460005260206000f3";
const SIGNER_ADDRESS = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
const SEND = { from: ALICE, to: BOB };
const CALL = { from: ALICE, to: BOB, value: "0x1" };
/** One byte over EIP-3860's init code limit (49,152 bytes). */
const LONG_INIT_CODE = `0x${"00".repeat(49_153)}`;
/** Compat deployed (at ALICE's first creation address; its artifact read once the fixture is compiled) and `increment()` called: one log. */
const WITH_A_LOG: DifferentialCase["before"] = [
  ["eth_sendTransaction", () => [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]],
  ["eth_sendTransaction", [{ from: ALICE, to: "0x5fbdb2315678afecb367f032d93f642f64180aa3", data: "0xd09de08a" }]],
];

const MANUAL: DifferentialCase["before"] = [["evm_setAutomine", [false]]];
/** Automine off with one of ALICE's transactions mined. */
const MINED_ONE: DifferentialCase["before"] = [...MANUAL, ["eth_sendTransaction", [{ ...SEND }]], ["evm_mine", []]];
/** Automine off with one of SIGNER's transactions mined (SIGNER's nonce is 1). */
const SIGNER_MINED: DifferentialCase["before"] = [
  ["eth_sendTransaction", [{ from: ALICE, to: SIGNER_ADDRESS, value: "0xde0b6b3a7640000" }]],
  ["hardhat_impersonateAccount", [SIGNER_ADDRESS]],
  ...MANUAL,
  ["eth_sendTransaction", [{ from: SIGNER_ADDRESS, to: BOB }]],
  ["evm_mine", []],
];
/** Automine off with one of ALICE's transactions (nonce 0) in the pool. */
const POOLED: DifferentialCase["before"] = [...MANUAL, ["eth_sendTransaction", [{ ...SEND, value: "0x1" }]]];

const PERSON = { name: "a", wallet: BOB };
const MAIL = { to: BOB, amount: 1, note: "x" };
/** EIP-712 typed data of a Mail (optional sender and carbon copies) with `message`. */
const typed = (message: Record<string, unknown>): Record<string, unknown> => ({
  types: {
    EIP712Domain: [{ name: "name", type: "string" }],
    Person: [
      { name: "name", type: "string" },
      { name: "wallet", type: "address" },
    ],
    Mail: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
      { name: "note", type: "string" },
      ...("from" in message ? [{ name: "from", type: "Person" }] : []),
      ...("cc" in message ? [{ name: "cc", type: "Person[]" }] : []),
    ],
  },
  primaryType: "Mail",
  domain: { name: "X" },
  message,
});

/** ALICE's first transaction, every field given (the same hash each time it is sent). */
const TX0 = { ...SEND, nonce: "0x0", gas: "0x5208", maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };

const raw = (tx: Parameters<Wallet["signTransaction"]>[0]) => async (): Promise<unknown[]> => [
  await SIGNER.signTransaction({ chainId: 31337n, gasPrice: 10n ** 10n, nonce: 0, ...tx }),
];

const CASES: DifferentialCase[] = [
  // Transaction request fields Hardhat's network ignores (viem, zksync-ethers and hand-written requests send them).
  { method: "eth_sendTransaction", params: [{ ...SEND, gasLimit: "0x5208" }], note: "ethers' field name" },
  { method: "eth_sendTransaction", params: [{ ...SEND, customData: {} }], note: "zksync-ethers' field" },
  { method: "eth_sendTransaction", params: [{ ...SEND, hash: `0x${"11".repeat(32)}`, v: "0x1" }], note: "a tx" },
  { method: "eth_call", params: [{ ...CALL, foo: 1 }, "latest"], note: "an unknown field" },
  { method: "eth_estimateGas", params: [{ ...CALL, sidecars: [] }], note: "an unknown field" },
  // `blobs` is refused with the words of a blob transaction sent other than raw.
  { method: "eth_sendTransaction", params: [{ ...SEND, blobs: [] }], note: "blobs" },
  { method: "eth_call", params: [{ ...CALL, blobs: [] }, "latest"], note: "blobs" },
  // `data: ""` is no data; `gas: null` is not a missing gas (not estimated): Hardhat's network's default limit.
  { method: "eth_sendTransaction", params: [{ ...SEND, data: "" }], note: "empty data" },
  { method: "eth_call", params: [{ ...CALL, data: "" }, "latest"], note: "empty data" },
  { method: "eth_sendTransaction", params: [{ ...SEND, gas: null }], note: "the default limit" },
  {
    method: "eth_sendTransaction",
    params: [{ ...SEND, gas: null }],
    before: [["evm_setBlockGasLimit", ["0x100000"]]],
    note: "the default limit, block gas limit lowered",
  },
  // Quantities read as plain numbers: decimal digits, "" (zero) and JSON numbers, as Hardhat's network reads them.
  { method: "eth_sendTransaction", params: [{ ...SEND, value: "12" }], note: "decimal: twelve, not 0x12" },
  { method: "eth_sendTransaction", params: [{ ...SEND, value: 12 }], note: "a JSON number" },
  { method: "eth_sendTransaction", params: [{ ...SEND, value: 2 ** 60 }], note: "read as its JSON text" },
  { method: "eth_sendTransaction", params: [{ ...SEND, value: "" }], note: "empty: zero" },
  { method: "eth_sendTransaction", params: [{ ...SEND, gas: "30000", nonce: "0" }], note: "decimal gas, nonce" },
  { method: "eth_sendTransaction", params: [{ ...SEND, chainId: 31337, type: 2 }], note: "numbers" },
  { method: "eth_sendTransaction", params: [{ ...SEND, value: "1e3" }], note: "not a number: refused alike" },
  { method: "eth_call", params: [{ ...CALL, value: "12" }, "latest"], note: "decimal value" },
  { method: "eth_estimateGas", params: [{ ...CALL, gas: 30_000 }], note: "a JSON number" },
  { method: "hardhat_mine", params: [2], note: "a JSON number" },
  { method: "hardhat_mine", params: ["3", "60"], note: "decimal count and interval" },
  { method: "evm_setBlockGasLimit", params: [30_000_000], note: "a JSON number" },
  { method: "hardhat_setNextBlockBaseFeePerGas", params: ["1000"], before: [], note: "decimal" },
  { method: "evm_setNextBlockTimestamp", params: ["9999999999"], note: "decimal" },
  { method: "evm_increaseTime", params: ["16"], note: "decimal" },
  { method: "eth_feeHistory", params: ["5", "latest", [50]], note: "decimal block count" },
  { method: "eth_feeHistory", params: ["0x1", "latest", null], note: "null percentiles: refused" },
  // State overrides: balance and nonce read as plain numbers, code "" as none (SELFBALANCE returned).
  ...[{ balance: "1000" }, { balance: 1000 }, { balance: "" }, { nonce: "5" }, { nonce: 5 }].map(
    (o): DifferentialCase => ({
      method: "eth_call",
      params: [{ from: ALICE, to: CAROL }, "latest", { [CAROL]: { code: SELF_BALANCE, ...o } }],
      note: `override ${JSON.stringify(o)}`,
    }),
  ),
  { method: "eth_call", params: [CALL, "latest", { [BOB]: { code: "" } }], note: 'override code ""' },
  {
    method: "eth_call",
    params: [
      { from: ALICE, to: CAROL },
      "latest",
      { [CAROL]: { code: SLOT0, stateDiff: { [`0x${"00".repeat(32)}`]: "12" } } },
    ],
    note: "override word in decimal",
  },
  // An empty list at a topic position matches nothing (null matches anything).
  { method: "eth_getLogs", params: [{ fromBlock: "0x0", topics: [[]] }], before: WITH_A_LOG, note: "[[]]" },
  { method: "eth_getLogs", params: [{ fromBlock: "0x0", topics: [null, []] }], before: WITH_A_LOG, note: "[]" },
  // Init code over EIP-3860's limit: refused in Hardhat's network's words, never an internal error.
  { method: "eth_sendTransaction", params: [{ from: ALICE, data: LONG_INIT_CODE }], note: "estimated first" },
  { method: "eth_sendTransaction", params: [{ from: ALICE, data: LONG_INIT_CODE, gas: "0xf00000" }], note: "" },
  { method: "eth_call", params: [{ from: ALICE, data: LONG_INIT_CODE }, "latest"], note: "init code" },
  { method: "eth_estimateGas", params: [{ from: ALICE, data: LONG_INIT_CODE }], note: "init code" },
  { method: "eth_sendRawTransaction", params: raw({ data: LONG_INIT_CODE, gasLimit: 16_000_000n }), note: "raw" },
  // …and taken where the project allows unlimited contract sizes (was an internal error).
  ...(["eth_sendTransaction", "eth_estimateGas", "eth_call"] as const).map((method): DifferentialCase => ({
    method,
    params: [{ from: ALICE, data: LONG_INIT_CODE }],
    override: { allowUnlimitedContractSize: true },
    note: "unlimited",
  })),
  {
    method: "eth_sendRawTransaction",
    params: raw({ data: LONG_INIT_CODE, gasLimit: 16_000_000n }),
    override: { allowUnlimitedContractSize: true },
    note: "unlimited, raw",
  },
  {
    method: "eth_sendTransaction",
    params: [{ from: ALICE, data: LONG_INIT_CODE, gas: "0xf00000" }],
    override: { accounts: [] },
    note: "refused before the unknown sender",
  },
  // A set-code transaction without authorizations: refused as Hardhat's network refuses it.
  {
    method: "eth_sendRawTransaction",
    params: raw({
      type: 4,
      to: BOB,
      gasLimit: 100_000n,
      maxFeePerGas: 10n ** 10n,
      gasPrice: null,
      authorizationList: [],
    }),
    note: "empty authorization list",
  },
  // An impersonated account of the node's own signs with Hardhat's fake signature (the hash a user sees).
  {
    method: "eth_sendTransaction",
    params: [{ from: SIGNER_ADDRESS, to: BOB }],
    before: [["hardhat_impersonateAccount", [SIGNER_ADDRESS]]],
    note: "impersonated own account",
  },
  // Where only a block number or tag fits, decimal digits and "0X" name a block; indexes are plain numbers.
  { method: "eth_getBlockByNumber", params: ["1", true], before: WITH_A_LOG, note: "decimal" },
  { method: "eth_getBlockByNumber", params: ["0X2", false], before: WITH_A_LOG, note: "0X" },
  { method: "eth_getBlockTransactionCountByNumber", params: ["2"], before: WITH_A_LOG, note: "decimal" },
  { method: "eth_getTransactionByBlockNumberAndIndex", params: ["2", "0"], before: WITH_A_LOG, note: "decimal" },
  { method: "eth_getTransactionByBlockNumberAndIndex", params: ["0x2", 0], before: WITH_A_LOG, note: "a number" },
  // A param given to a method that reads none is refused; evm_mine's timestamp may be absent, not null.
  { method: "eth_chainId", params: [1], note: "refused" },
  { method: "eth_blockNumber", params: [null], note: "refused" },
  { method: "evm_snapshot", params: ["x"], note: "refused" },
  { method: "evm_mine", params: [null], note: "refused" },
  // Filters and subscriptions count their ids on one counter (a subscription id is compared, filter ids are not).
  { method: "eth_subscribe", params: ["newHeads"], before: [["eth_newBlockFilter", []]], note: "after a filter" },
  // "" is an empty message to sign or hash, not a storage slot; snapshot and filter ids are plain numbers too.
  { method: "eth_sign", params: [ALICE, ""], note: "empty message" },
  { method: "personal_sign", params: ["", ALICE], note: "empty message" },
  { method: "web3_sha3", params: [""], note: "empty data" },
  { method: "eth_getStorageAt", params: [BOB, "", "latest"], note: "no slot: refused" },
  { method: "evm_revert", params: [1], before: [["evm_snapshot", []]], note: "a number" },
  { method: "evm_revert", params: ["1"], before: [["evm_snapshot", []]], note: "decimal" },
  {
    method: "eth_getFilterChanges",
    params: [1],
    before: [
      ["eth_newBlockFilter", []],
      ["evm_mine", []],
    ],
    note: "",
  },
  { method: "eth_uninstallFilter", params: ["1"], before: [["eth_newBlockFilter", []]], note: "decimal" },
  // Signing: no password; typed data whose message does not fit its types is refused in EDR's words.
  { method: "personal_sign", params: ["0xdeadbeef", ALICE, "password"], note: "a password: refused" },
  { method: "eth_signTypedData_v4", params: [ALICE, typed({ to: BOB, amount: 1 })], note: "a missing field" },
  { method: "eth_signTypedData_v4", params: [ALICE, typed({ to: BOB, amount: 1, note: "x" })], note: "signed" },
  { method: "eth_signTypedData_v4", params: [ALICE, typed({ ...MAIL, from: {} })], note: "a nested struct" },
  { method: "eth_signTypedData_v4", params: [ALICE, typed({ ...MAIL, cc: [PERSON, {}] })], note: "in an array" },
  { method: "eth_signTypedData_v4", params: [ALICE, { ...typed(MAIL), primaryType: "Nope" }], note: "no such type" },
  // Settings a project or a test gives its network.
  { method: "eth_blobBaseFee", params: [], override: { hardfork: "shanghai" }, note: "no blob gas: zero" },
  { method: "eth_blobBaseFee", params: [], override: { hardfork: "london" }, note: "no blob gas: zero" },
  // A transaction sent again: once mined it is refused by its nonce (not "Known transaction"), pooled it is known.
  { method: "eth_sendTransaction", params: [TX0], before: [["eth_sendTransaction", [TX0]]], note: "mined" },
  { method: "eth_sendTransaction", params: [TX0], before: [...MANUAL, ["eth_sendTransaction", [TX0]]], note: "pooled" },
  {
    method: "eth_sendTransaction",
    params: [TX0],
    before: [...MANUAL, ["eth_sendTransaction", [TX0]], ["evm_mine", []]],
    note: "mined, automine off",
  },
  // Without automine: nonces behind the account's, queued ones, replacements and drops.
  { method: "eth_sendTransaction", params: [{ ...SEND, nonce: "0x0" }], before: MINED_ONE, note: "nonce too low" },
  { method: "eth_sendRawTransaction", params: raw({ to: BOB, gasLimit: 21_000n }), before: SIGNER_MINED, note: "low" },
  { method: "eth_sendTransaction", params: [{ ...SEND, nonce: "0x5" }], before: MANUAL, note: "queued" },
  { method: "eth_sendTransaction", params: [{ ...SEND, nonce: "0x0" }], before: POOLED, note: "underpriced" },
  {
    method: "eth_sendTransaction",
    params: [{ ...SEND, nonce: "0x0", maxFeePerGas: "0x12a05f200" }],
    before: POOLED,
    note: "replaces",
  },
  { method: "eth_getBlockByNumber", params: ["pending", true], before: POOLED, note: "the pending block" },
  { method: "eth_getTransactionCount", params: [ALICE, "pending"], before: POOLED, note: "pending nonce" },
  { method: "hardhat_mine", params: ["0x3"], before: POOLED, note: "mines the pool first" },
  {
    method: "evm_mine",
    params: [],
    before: [...POOLED, ["eth_sendTransaction", [{ ...SEND, nonce: "0x2" }]]],
    note: "gap",
  },
];

describe("compat: requests answered, and their effects, as on Hardhat's network (differential)", () => {
  for (const c of CASES) {
    it(`${c.method} ${JSON.stringify(typeof c.params === "function" ? "(signed)" : c.params).slice(0, 80)}: ${c.note}`, () =>
      expectSameOnBoth(c));
  }
});
