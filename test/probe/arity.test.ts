import { CompatPair, outcomeOf } from "../compat/helpers/compat-pair.js";
const METHODS = "eth_accounts eth_blobBaseFee eth_blockNumber eth_call eth_chainId eth_coinbase eth_estimateGas eth_feeHistory eth_gasPrice eth_getBalance eth_getBlockByHash eth_getBlockByNumber eth_getBlockTransactionCountByHash eth_getBlockTransactionCountByNumber eth_getCode eth_getFilterChanges eth_getFilterLogs eth_getLogs eth_getProof eth_getStorageAt eth_getTransactionByBlockHashAndIndex eth_getTransactionByBlockNumberAndIndex eth_getTransactionByHash eth_getTransactionCount eth_getTransactionReceipt eth_maxPriorityFeePerGas eth_newBlockFilter eth_newFilter eth_newPendingTransactionFilter eth_pendingTransactions eth_sendRawTransaction eth_sendTransaction eth_sign eth_signTypedData_v4 eth_syncing eth_uninstallFilter eth_subscribe eth_unsubscribe evm_increaseTime evm_mine evm_revert evm_setAutomine evm_setBlockGasLimit evm_setIntervalMining evm_setNextBlockTimestamp evm_snapshot hardhat_dropTransaction hardhat_getAutomine hardhat_impersonateAccount hardhat_metadata hardhat_mine hardhat_setBalance hardhat_setCode hardhat_setCoinbase hardhat_setLoggingEnabled hardhat_setMinGasPrice hardhat_setNextBlockBaseFeePerGas hardhat_setNonce hardhat_setPrevRandao hardhat_setStorageAt hardhat_stopImpersonatingAccount net_version personal_sign web3_clientVersion web3_sha3 debug_traceTransaction debug_traceCall net_listening net_peerCount eth_mining eth_hashrate eth_protocolVersion hardhat_addCompilationResult hardhat_intervalMine hardhat_getStackTraceFailuresCount".split(" ");
describe("arity", function () {
  this.timeout(600_000);
  it("prints", async () => {
    const pair = await CompatPair.open();
    for (const m of METHODS) {
      for (const n of [6]) {
        const p = Array(n).fill(null);
        const e = await outcomeOf(pair.edr, m, p);
        const o = await outcomeOf(pair.parallel, m, p);
        console.log(`${m} ${n}\n  EDR ${e.ok ? "ok " + JSON.stringify(e.result).slice(0, 80) : e.code + " " + e.message}\n  OUR ${o.ok ? "ok " + JSON.stringify(o.result).slice(0, 80) : o.code + " " + o.message}`);
      }
    }
    await pair.close();
  });
});
