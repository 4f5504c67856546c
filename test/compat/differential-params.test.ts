/**
 * Differential cases of the second pass over the methods' params (helpers/differential.ts compares each with
 * Hardhat's network): a param past the last one Hardhat's network reads is refused, even null (it parses a
 * fixed tuple); where only a block number or tag fits, an EIP-1898 object is refused; the struct-log tracer's
 * options are type-checked before the transaction is looked up; eth_subscribe / eth_unsubscribe and
 * hardhat_setMinGasPrice read their params before answering; a block tag such as "Latest" or "12" is an unsupported
 * method where a hash fits too. Each was seen to diverge (accepted here,
 * refused there, or the reverse).
 */
import { Wallet } from "ethers";

import { ALICE, BOB } from "./helpers/compat-pair.js";
import { expectSameOnBoth, type DifferentialCase } from "./helpers/differential.js";

const HASH = `0x${"12".repeat(32)}`;
const NONCE_LIMIT = "0xffffffffffffffff";
const WORD = `0x${"00".repeat(32)}`;
const TX = { from: ALICE, to: BOB };
/** A mined transaction is looked up by the hash the network answered: the first one's, the same on both. */
const SENT: DifferentialCase["before"] = [["eth_sendTransaction", [TX]]];
const TX_HASH = "0x768f569c19b8d7e7f1f0f55d6ddcd27564d1cdd0ed9a5041570e1782487dedea";

/** Account #5 of the default mnemonic (funded on both networks) signs the raw transactions. */
const SIGNER = new Wallet("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
const SIGNED = { chainId: 31337n, nonce: 0, to: BOB, gasLimit: 21_000n };
/** A signed raw transaction: legacy, or EIP-1559 with `type: 2`. */
const signed = (type?: number): Promise<string> =>
  SIGNER.signTransaction({
    ...SIGNED,
    ...(type === 2 ? { type, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n } : { gasPrice: 10n ** 10n }),
  });
/** A raw transaction (legacy, or EIP-1559 with `type: 2`) with `tail` appended to its encoding. */
const rawWith = (tail: string, type?: number) => async (): Promise<unknown[]> => {
  const fees = type === 2 ? { type, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n } : { gasPrice: 10n ** 10n };
  return [`${await SIGNER.signTransaction({ ...SIGNED, ...fees })}${tail}`];
};

/** Valid params of methods Hardhat's network reads a fixed number of params for. */
const FIXED: ReadonlyArray<readonly [string, unknown[]]> = [
  ["eth_feeHistory", ["0x1", "latest", [50]]],
  ["eth_getBlockTransactionCountByHash", [HASH]],
  ["eth_getBlockTransactionCountByNumber", ["latest"]],
  ["eth_getFilterChanges", ["0x1"]],
  ["eth_getLogs", [{}]],
  ["eth_getProof", [BOB, [], "latest"]],
  ["eth_getTransactionByBlockHashAndIndex", [HASH, "0x0"]],
  ["eth_getTransactionByBlockNumberAndIndex", ["latest", "0x0"]],
  ["eth_getTransactionByHash", [HASH]],
  ["eth_getTransactionReceipt", [HASH]],
  ["eth_newFilter", [{}]],
  ["eth_sign", [ALICE, "0x12"]],
  ["eth_uninstallFilter", ["0x1"]],
  ["evm_increaseTime", ["0x1"]],
  ["evm_revert", ["0x1"]],
  ["evm_setAutomine", [true]],
  ["evm_setBlockGasLimit", ["0x1000000"]],
  ["evm_setIntervalMining", [0]],
  ["evm_setNextBlockTimestamp", ["0xffffffff"]],
  ["hardhat_dropTransaction", [HASH]],
  ["hardhat_impersonateAccount", [BOB]],
  ["hardhat_setBalance", [BOB, "0x1"]],
  ["hardhat_setCode", [BOB, "0x"]],
  ["hardhat_setCoinbase", [BOB]],
  ["hardhat_setNextBlockBaseFeePerGas", ["0x1"]],
  ["hardhat_setNonce", [BOB, "0x5"]],
  ["hardhat_setPrevRandao", [HASH]],
  ["hardhat_setStorageAt", [BOB, "0x0", HASH]],
  ["hardhat_stopImpersonatingAccount", [BOB]],
  ["debug_traceCall", [TX, "latest", {}]],
  [
    "eth_signTypedData_v4",
    [ALICE, { types: { EIP712Domain: [] }, primaryType: "EIP712Domain", domain: {}, message: {} }],
  ],
];
const BEFORE_FILTER: DifferentialCase["before"] = [["eth_newBlockFilter", []]];

const CASES: DifferentialCase[] = [
  // One param too many (a value, or null) is refused; the valid params alone are answered alike (the control).
  ...FIXED.flatMap(([method, params]): DifferentialCase[] => [
    { method, params: [...params], before: BEFORE_FILTER, note: "the params read" },
    { method, params: [...params, "0x1"], before: BEFORE_FILTER, note: "one param too many" },
    { method, params: [...params, null], before: BEFORE_FILTER, note: "a null param too many" },
  ]),
  { method: "eth_pendingTransactions", params: [null], note: "reads no param" },
  { method: "debug_traceTransaction", params: [TX_HASH, {}, null], before: SENT, note: "a null param too many" },
  // evm_mine reads every param given as a timestamp and takes the first.
  { method: "evm_mine", params: ["0xffffffff", "0x1"], note: "the first timestamp taken" },
  { method: "evm_mine", params: ["0xffffffff", null], note: "a null timestamp after it: refused" },
  // Where only a block number or tag fits (no hash), an EIP-1898 object is refused.
  { method: "eth_getBlockByNumber", params: [{ blockNumber: "0x0" }, false], note: "EIP-1898 object" },
  { method: "eth_getBlockByNumber", params: [{ blockHash: HASH, requireCanonical: true }, false], note: "by hash" },
  { method: "eth_getBlockTransactionCountByNumber", params: [{ blockNumber: "0x0" }], note: "EIP-1898 object" },
  { method: "eth_getTransactionByBlockNumberAndIndex", params: [{ blockNumber: "0x1" }, "0x0"], note: "object" },
  // The struct-log tracer's options: booleans, a string timeout, an object; checked before the lookup.
  ...[{ disableStorage: "yes" }, { disableStack: 1 }, { enableMemory: "yes" }, { enableReturnData: "yes" }].map(
    (options): DifferentialCase => ({
      method: "debug_traceCall",
      params: [TX, "latest", options],
      note: "a switch not a boolean",
    }),
  ),
  { method: "debug_traceCall", params: [TX, "latest", { timeout: 5 }], note: "a timeout not a string" },
  { method: "debug_traceCall", params: [TX, "latest", { timeout: "5s", disableStorage: null }], note: "accepted" },
  { method: "debug_traceCall", params: [TX, "latest", "x"], note: "options not an object" },
  { method: "debug_traceCall", params: [TX, "latest", { tracer: "callTracer", disableMemory: "x" }], note: "" },
  { method: "debug_traceTransaction", params: [HASH, { disableStorage: "yes" }], note: "before the lookup" },
  { method: "debug_traceTransaction", params: [TX_HASH, []], before: SENT, note: "options not an object" },
  // Subscriptions: the filter an object or null (given for logs), the id a quantity, one param.
  { method: "eth_subscribe", params: ["newHeads", null], note: "a null filter" },
  { method: "eth_subscribe", params: ["newPendingTransactions"], note: "pending transactions" },
  { method: "eth_subscribe", params: ["newPendingTransactions", true], note: "a filter not an object" },
  { method: "eth_subscribe", params: ["newHeads", "0x1"], note: "a filter not an object" },
  { method: "eth_subscribe", params: ["logs", null], note: "logs without a filter" },
  { method: "eth_unsubscribe", params: [], note: "no id" },
  { method: "eth_unsubscribe", params: [null], note: "a null id" },
  { method: "eth_unsubscribe", params: ["0x1", "0x1"], note: "two ids" },
  { method: "eth_unsubscribe", params: ["0x01"], before: [["eth_subscribe", ["newHeads"]]], note: "leading zero" },
  // hardhat_setStorageAt: the slot a 0x quantity of at most 64 digits, the value 32 bytes (EDR's parse errors).
  { method: "hardhat_setStorageAt", params: [BOB, "1", WORD], note: "a slot without 0x: refused" },
  { method: "hardhat_setStorageAt", params: [BOB, `0x1${"0".repeat(64)}`, WORD], note: "a slot of 65 digits" },
  { method: "hardhat_setStorageAt", params: [BOB, `0x${"0".repeat(66)}`, WORD], note: "33 bytes of zeros" },
  { method: "hardhat_setStorageAt", params: [BOB, "0x", WORD], note: "0x: slot zero" },
  { method: "hardhat_setStorageAt", params: [BOB, "0x0", `0x1${"0".repeat(64)}`], note: "65 digits: not data" },
  { method: "hardhat_setStorageAt", params: [BOB, "0x0", "0x123"], note: "odd digits: 1 byte" },
  { method: "hardhat_setStorageAt", params: [BOB, "0x0", `${WORD}00`], note: "33 bytes" },
  // A raw transaction's trailing bytes are ignored: sent and hashed as without them.
  { method: "eth_sendRawTransaction", params: rawWith("00"), note: "legacy, one trailing byte" },
  { method: "eth_sendRawTransaction", params: rawWith("deadbeef", 2), note: "EIP-1559, trailing bytes" },
  { method: "eth_sendRawTransaction", params: rawWith("c0", 2), note: "EIP-1559, a trailing empty list" },
  // eth_feeHistory reads its three params before checking the count and the block; its limits are EDR's.
  { method: "eth_feeHistory", params: ["0x2", "0x99"], note: "percentiles missing, unknown block" },
  { method: "eth_feeHistory", params: ["0x0", "latest"], note: "percentiles missing, zero blocks" },
  { method: "eth_feeHistory", params: ["0x0", "latest", [200]], note: "zero blocks before the percentile" },
  { method: "eth_feeHistory", params: ["0x1", "0x99", [200]], note: "the percentile before the block" },
  { method: "eth_feeHistory", params: ["0x401", "latest", [50]], note: "over 1,024 blocks: -32000" },
  // Quantities EDR reads as 64-bit, and interval mining's range.
  { method: "hardhat_setNonce", params: [BOB, `0x1${"0".repeat(16)}`], note: "2^64: refused" },
  { method: "hardhat_setNonce", params: [BOB, `0x${"f".repeat(16)}`], note: "2^64 - 1: taken" },
  { method: "evm_setBlockGasLimit", params: [`0x1${"0".repeat(16)}`], note: "2^64: refused" },
  { method: "evm_setIntervalMining", params: [[0, 5]], note: "a range from zero: refused" },
  { method: "evm_setIntervalMining", params: [[0, 0]], note: "a range of zeros: refused" },
  // Transaction requests: nonce and gas 64-bit, an access list entry's storageKeys required; a call's nonce
  // is not read (any value); the nonce limit 2^64 - 1 refused with automine as "too high", never an internal error.
  { method: "eth_sendTransaction", params: [{ ...TX, nonce: `0x1${"0".repeat(16)}` }], note: "nonce 2^64" },
  { method: "eth_sendTransaction", params: [{ ...TX, nonce: `0x${"f".repeat(16)}` }], note: "nonce 2^64 - 1" },
  { method: "eth_sendTransaction", params: [{ ...TX, gas: `0x1${"0".repeat(16)}` }], note: "gas 2^64" },
  { method: "eth_call", params: [{ ...TX, gas: `0x1${"0".repeat(16)}` }], note: "gas 2^64" },
  { method: "eth_call", params: [{ ...TX, nonce: `0x${"f".repeat(16)}` }], note: "a call's nonce: not read" },
  { method: "eth_estimateGas", params: [{ ...TX, nonce: "0xzz" }], note: "a call's nonce: not read" },
  { method: "debug_traceCall", params: [{ ...TX, nonce: {} }], note: "a call's nonce: not read" },
  { method: "eth_sendTransaction", params: [{ ...TX, accessList: [{ address: BOB }] }], note: "no storageKeys" },
  // Raw bytes that do not decode: refused in the decoder's words (alloy-rlp's), -32602 with no data.
  ...(
    [
      ["", "empty"],
      ["0x", "no bytes"],
      ["0x02", "a type alone"],
      ["0x04c0", "a type with an empty list"],
      ["0xc0", "an empty list"],
      ["0xc3010203", "too few fields"],
      ["0x05", "an unknown type"],
      ["0x7f", "the last typed prefix"],
    ] as const
  ).map(([raw, note]): DifferentialCase => ({
    method: "eth_sendRawTransaction",
    params: [raw],
    note,
    exactError: true,
  })),
  ...(
    [
      [async (): Promise<string> => (await signed(2)).slice(0, 40), "truncated"],
      [async (): Promise<string> => `0x01${(await signed(2)).slice(4)}`, "EIP-1559 fields read as EIP-2930's"],
      [async (): Promise<string> => `${(await signed()).slice(0, -64)}${"00".repeat(32)}`, "s = 0"],
    ] as const
  ).map(([raw, note]): DifferentialCase => ({
    method: "eth_sendRawTransaction",
    params: async () => [await raw()],
    note,
    exactError: true,
  })),
  // hardhat_setMinGasPrice reads its price before refusing under EIP-1559.
  { method: "hardhat_setMinGasPrice", params: [], note: "no price" },
  { method: "hardhat_setMinGasPrice", params: [true], note: "not a quantity" },
  { method: "hardhat_setMinGasPrice", params: ["12"], note: "decimal: read, then refused" },
  // Where a block hash fits too, a word or decimal digits as the block make the request an unsupported method
  // (-32004); a bad hex string or a JSON number stays -32602; where only a number or tag fits, -32602 / a number.
  ...[
    ["eth_getBalance", [BOB, "Latest"]],
    ["eth_getBalance", [BOB, "12"]],
    ["eth_getCode", [BOB, "Latest"]],
    ["eth_getStorageAt", [BOB, "0x0", "Latest"]],
    ["eth_getTransactionCount", [BOB, "12"]],
    ["eth_getProof", [BOB, [], "Latest"]],
    ["eth_call", [{ from: ALICE, to: BOB }, "Latest"]],
    ["eth_call", [{ from: ALICE, to: BOB }, "12"]],
    ["eth_estimateGas", [{ from: ALICE, to: BOB }, "Latest"]],
    ["eth_createAccessList", [{ from: ALICE, to: BOB }, "Latest"]],
    ["eth_feeHistory", ["0x1", "Latest", []]],
    ["eth_getLogs", [{ fromBlock: "Latest" }]],
    ["eth_newFilter", [{ toBlock: "12" }]],
    ["debug_traceCall", [{ from: ALICE, to: BOB }, "Latest"]],
    ["eth_getBalance", [BOB, "0xzz"]],
    ["eth_getBalance", [BOB, 12]],
    ["eth_getBlockByNumber", ["Latest", false]],
    ["eth_getBlockByNumber", ["12", false]],
  ].map(([method, params]): DifferentialCase => ({
    method: method as string,
    params: params as unknown[],
    note: "a block tag EDR does not read",
  })),
  // A sender at EIP-2681's nonce limit (2^64 - 1, by hardhat_setNonce) can neither send nor call: -32000
  // "nonce overflow in transaction", automine on or off; one below it sends once, then not again.
  ...[
    { automine: true, method: "eth_sendTransaction" },
    { automine: false, method: "eth_sendTransaction" },
    { automine: true, method: "eth_call" },
    { automine: true, method: "eth_estimateGas" },
  ].map(({ automine, method }): DifferentialCase => ({
    method,
    params: [{ from: ALICE, to: BOB, value: "0x1" }],
    before: [
      ["evm_setAutomine", [automine]],
      ["hardhat_setNonce", [ALICE, NONCE_LIMIT]],
    ],
    note: `a sender at the nonce limit, automine ${automine ? "on" : "off"}`,
    exactError: true,
  })),
  {
    method: "eth_sendTransaction",
    params: [{ from: ALICE, to: BOB, value: "0x1" }],
    before: [
      ["evm_setAutomine", [false]],
      ["hardhat_setNonce", [ALICE, "0xfffffffffffffffe"]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]],
    ],
    note: "a second pooled send of a sender one below the nonce limit",
    exactError: true,
  },
];

describe("compat: params read as Hardhat's network reads them (differential, second pass)", () => {
  for (const c of CASES) {
    const shown = typeof c.params === "function" ? "(signed)" : JSON.stringify(c.params).slice(0, 80);
    it(`${c.method} ${shown}: ${c.note}`, () => expectSameOnBoth(c));
  }
});
