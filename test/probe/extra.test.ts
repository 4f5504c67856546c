import { CompatPair, outcomeOf, ALICE, BOB } from "../compat/helpers/compat-pair.js";
const H = `0x${"12".repeat(32)}`;
const TX = { from: ALICE, to: BOB };
const VALID: Record<string, unknown[]> = {
  eth_call: [TX, "latest", {}], eth_estimateGas: [TX, "latest", {}], eth_feeHistory: ["0x1", "latest", [50]],
  eth_getBalance: [BOB, "latest"], eth_getBlockByHash: [H, false], eth_getBlockByNumber: ["latest", false],
  eth_getBlockTransactionCountByHash: [H], eth_getBlockTransactionCountByNumber: ["latest"], eth_getCode: [BOB, "latest"],
  eth_getFilterChanges: ["0x1"], eth_getFilterLogs: ["0x1"], eth_getLogs: [{}], eth_getProof: [BOB, [], "latest"],
  eth_getStorageAt: [BOB, "0x0", "latest"], eth_getTransactionByBlockHashAndIndex: [H, "0x0"], eth_getTransactionByBlockNumberAndIndex: ["latest", "0x0"],
  eth_getTransactionByHash: [H], eth_getTransactionCount: [BOB, "latest"], eth_getTransactionReceipt: [H], eth_newFilter: [{}],
  eth_pendingTransactions: [], eth_sendTransaction: [TX], eth_sign: [ALICE, "0x12"], eth_uninstallFilter: ["0x1"],
  eth_subscribe: ["newHeads"], eth_unsubscribe: ["0x1"], evm_increaseTime: ["0x1"], evm_mine: ["0xffffffff"], evm_revert: ["0x1"],
  evm_setAutomine: [true], evm_setBlockGasLimit: ["0x1000000"], evm_setIntervalMining: [0], evm_setNextBlockTimestamp: ["0xffffffff"],
  hardhat_dropTransaction: [H], hardhat_impersonateAccount: [BOB], hardhat_mine: ["0x1", "0x1"], hardhat_setBalance: [BOB, "0x1"],
  hardhat_setCode: [BOB, "0x"], hardhat_setCoinbase: [BOB], hardhat_setLoggingEnabled: [true], hardhat_setMinGasPrice: ["0x1"],
  hardhat_setNextBlockBaseFeePerGas: ["0x1"], hardhat_setNonce: [BOB, "0x5"], hardhat_setPrevRandao: [H], hardhat_setStorageAt: [BOB, "0x0", H],
  hardhat_stopImpersonatingAccount: [BOB], personal_sign: ["0x12", ALICE], web3_sha3: ["0x12"], debug_traceTransaction: [H, {}],
  debug_traceCall: [TX, "latest", {}], eth_signTypedData_v4: [ALICE, { types: { EIP712Domain: [] }, primaryType: "EIP712Domain", domain: {}, message: {} }],
  eth_sendRawTransaction: ["0x12"],
};
describe("extra", function () {
  this.timeout(600_000);
  it("prints", async () => {
    for (const [m, v] of Object.entries(VALID)) {
      for (const p of [v, [...v, "0x1"], [...v, null], v.slice(0, -1), v.map(() => null)]) {
        const pair = await CompatPair.open();
        await outcomeOf(pair.edr, "eth_newBlockFilter", []); await outcomeOf(pair.parallel, "eth_newBlockFilter", []);
        const e = await outcomeOf(pair.edr, m, structuredClone(p));
        const o = await outcomeOf(pair.parallel, m, structuredClone(p));
        await pair.close();
        const same = e.ok === o.ok && (e.ok ? JSON.stringify(e.result) === JSON.stringify((o as { result: unknown }).result) : e.code === (o as { code: unknown }).code);
        if (!same) console.log(`${m} ${JSON.stringify(p).slice(0, 120)}\n  EDR ${e.ok ? "ok " + JSON.stringify(e.result).slice(0, 100) : e.code + " " + e.message}\n  OUR ${o.ok ? "ok " + JSON.stringify(o.result).slice(0, 100) : o.code + " " + o.message}`);
      }
    }
  });
});
