import { expect } from "chai";
import { AbiCoder, Interface, Wallet, keccak256, type TransactionRequest } from "ethers";

import {
  ALICE,
  BOB,
  CompatPair,
  comparableError,
  comparableReceipt,
  pick,
  type Receipt,
} from "./helpers/compat-pair.js";

const compat = new Interface([
  "function increment()",
  "function counter() view returns (uint256)",
  "function deposit(bytes32 tag) payable",
  "function create2(uint256 initial, bytes32 salt) payable returns (address)",
  "function context() view returns (uint256, uint256, uint256, address, uint256, uint256)",
]);
/** Account #5 of the default mnemonic: signs the raw transactions. */
const SIGNER = new Wallet("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
const TAG = `0x${"cd".repeat(32)}`;
/** A 32-byte word (EDR refuses odd-length hex in storage keys). */
const word = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;

describe("compat: calls, logs, filters, signatures, proofs, raw transactions and traces", () => {
  let pair: CompatPair;
  let target: string;

  beforeEach(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
    for (let i = 0; i < 2; i++)
      await pair.transact({ from: ALICE, to: target, data: compat.encodeFunctionData("increment") });
  });
  afterEach(() => pair.close());

  it("eth_call at block tags and numbers, with state overrides", async () => {
    const data = compat.encodeFunctionData("counter");
    for (const tag of ["latest", "pending", "earliest", "0x1", "0x2", "safe", "finalized"]) {
      const { edr, parallel } = await pair.both("eth_call", [{ to: target, data }, tag]);
      expect(parallel, tag).to.deep.equal(edr);
    }
    const overrides = { [target]: { stateDiff: { [word(0)]: word(99) } }, [BOB]: { balance: "0x1" } };
    const [a, b] = await pair.results("eth_call", [{ to: target, data }, "latest", overrides]);
    expect(b).to.equal(a);
    expect(BigInt(String(a))).to.equal(99n);
    const [after] = await pair.results("eth_call", [{ to: target, data }, "latest"]);
    expect(BigInt(String(after))).to.equal(2n);
    const [balanceA, balanceB] = await pair.results("eth_call", [{ to: BOB }, "latest", { [BOB]: { code: "0x" } }]);
    expect(balanceB).to.equal(balanceA);
  });

  it("eth_estimateGas and eth_createAccessList of a contract call", async () => {
    const call = { from: ALICE, to: target, data: compat.encodeFunctionData("deposit", [TAG]), value: "0x10" };
    const [gasA, gasB] = await pair.results("eth_estimateGas", [call]);
    expect(gasB).to.equal(gasA);
    // EDR does not implement eth_createAccessList; the parallel network lists the slots the call touches.
    const { edr, parallel } = await pair.both("eth_createAccessList", [call]);
    expect(edr.ok).to.equal(false);
    const result = (parallel.ok ? parallel.result : {}) as { accessList: unknown; gasUsed: string };
    const depositsSlot = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [ALICE, 1]));
    expect(result.accessList).to.deep.equal([{ address: target, storageKeys: [depositsSlot] }]);
    expect(Number(result.gasUsed)).to.be.greaterThan(21_000);
  });

  it("eth_getLogs and log filters", async () => {
    const query = { fromBlock: "0x0", toBlock: "latest", address: target };
    const [filterA, filterB] = await pair.results("eth_newFilter", [query]);
    const [blocksA, blocksB] = await pair.results("eth_newBlockFilter");
    await pair.transact({ from: BOB, to: target, data: compat.encodeFunctionData("deposit", [TAG]), value: "0x5" });
    await pair.transact({ from: BOB, to: target, data: compat.encodeFunctionData("increment") });
    const logFields = ["address", "topics", "data", "logIndex", "blockNumber", "transactionHash", "transactionIndex"];
    const strip = (logs: unknown) => (logs as unknown[]).map((l) => pick(l, logFields));
    for (const q of [query, { ...query, topics: [null, null, TAG] }, { fromBlock: "0x3", address: [target, BOB] }]) {
      const [a, b] = await pair.results("eth_getLogs", [q]);
      expect(strip(b), JSON.stringify(q)).to.deep.equal(strip(a));
    }
    const changesA = await pair.edr.provider.request({ method: "eth_getFilterChanges", params: [filterA] });
    const changesB = await pair.parallel.provider.request({ method: "eth_getFilterChanges", params: [filterB] });
    expect(strip(changesB)).to.deep.equal(strip(changesA));
    // A filter from a past block reports that block's logs on its first poll (two increments, deposit, increment).
    expect(changesA).to.have.length(4);
    // EDR's eth_getFilterLogs answers only logs not reported yet (and marks them reported); so does ours.
    const [logsFilterA, logsFilterB] = await pair.results("eth_newFilter", [query]);
    const allA = await pair.edr.provider.request({ method: "eth_getFilterLogs", params: [logsFilterA] });
    const allB = await pair.parallel.provider.request({ method: "eth_getFilterLogs", params: [logsFilterB] });
    expect(strip(allB)).to.deep.equal(strip(allA));
    const againA = await pair.edr.provider.request({ method: "eth_getFilterLogs", params: [filterA] });
    const againB = await pair.parallel.provider.request({ method: "eth_getFilterLogs", params: [filterB] });
    expect(strip(againB)).to.deep.equal(strip(againA));
    const newBlocksA = await pair.edr.provider.request({ method: "eth_getFilterChanges", params: [blocksA] });
    const newBlocksB = await pair.parallel.provider.request({ method: "eth_getFilterChanges", params: [blocksB] });
    expect((newBlocksB as unknown[]).length).to.equal((newBlocksA as unknown[]).length);
    expect(newBlocksA).to.have.length(3);
    const gone = [
      await pair.edr.provider.request({ method: "eth_uninstallFilter", params: [filterA] }),
      await pair.parallel.provider.request({ method: "eth_uninstallFilter", params: [filterB] }),
    ];
    expect(gone).to.deep.equal([true, true]);
  });

  it("a pending-transaction filter reports pooled transactions' hashes (automined ones too), not blocks", async () => {
    const [txFilterA, txFilterB] = await pair.results("eth_newPendingTransactionFilter");
    const [blockFilterA, blockFilterB] = await pair.results("eth_newBlockFilter");
    const poll = async (a: unknown, b: unknown) => [
      await pair.edr.provider.request({ method: "eth_getFilterChanges", params: [a] }),
      await pair.parallel.provider.request({ method: "eth_getFilterChanges", params: [b] }),
    ];
    const [emptyA, emptyB] = await poll(txFilterA, txFilterB);
    expect(emptyB).to.deep.equal(emptyA);
    const [sentA] = await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
    await pair.both("evm_setAutomine", [false]);
    await pair.both("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x2" }]);
    const [hashesA, hashesB] = await poll(txFilterA, txFilterB);
    expect(hashesB).to.deep.equal(hashesA);
    expect(hashesA).to.have.length(2).and.include(sentA);
    await pair.both("evm_mine");
    const [afterMineA, afterMineB] = await poll(txFilterA, txFilterB);
    expect(afterMineB).to.deep.equal(afterMineA);
    // Filter ids are numbered alike; eth_getFilterLogs of a non-log filter is refused alike.
    expect([txFilterB, blockFilterB]).to.deep.equal([txFilterA, blockFilterA]);
    for (const id of [txFilterA, blockFilterA]) {
      const { edr, parallel } = await pair.both("eth_getFilterLogs", [id]);
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    }
  });

  it("eth_sign, personal_sign and eth_signTypedData_v4 give the same signatures", async () => {
    const message = "0x48656c6c6f";
    for (const [method, params] of [
      ["eth_sign", [ALICE, message]],
      ["personal_sign", [message, ALICE]],
    ] as Array<[string, unknown[]]>) {
      const [a, b] = await pair.results(method, params);
      expect(b, method).to.equal(a);
    }
    const typed = {
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "chainId", type: "uint256" },
        ],
        Mail: [
          { name: "to", type: "address" },
          { name: "contents", type: "string" },
        ],
      },
      primaryType: "Mail",
      domain: { name: "Compat", chainId: 31337 },
      message: { to: BOB, contents: "hello" },
    };
    const [a, b] = await pair.results("eth_signTypedData_v4", [ALICE, typed]);
    expect(b).to.equal(a);
  });

  it("eth_signTypedData_v4 signs the primaryType only (unused types ignored), and the domain alone", async () => {
    const domainType = [
      { name: "name", type: "string" },
      { name: "chainId", type: "uint256" },
    ];
    const person = [
      { name: "name", type: "string" },
      { name: "wallet", type: "address" },
    ];
    const mail = [
      { name: "from", type: "Person" },
      { name: "to", type: "Person[]" },
    ];
    const domain = { name: "Compat", chainId: 31337 };
    const alice = { name: "alice", wallet: ALICE };
    const requests = [
      // An unused type beside the primary one, and a second root type.
      {
        types: { EIP712Domain: domainType, Person: person, Mail: mail, Unused: person },
        primaryType: "Mail",
        domain,
        message: { from: alice, to: [alice] },
      },
      {
        types: { EIP712Domain: domainType, Person: person, Mail: mail },
        primaryType: "Person",
        domain,
        message: alice,
      },
      // The domain alone.
      { types: { EIP712Domain: domainType }, primaryType: "EIP712Domain", domain, message: {} },
      { types: { EIP712Domain: [] }, primaryType: "EIP712Domain", domain: {}, message: {} },
    ];
    for (const typed of requests) {
      const [a, b] = await pair.results("eth_signTypedData_v4", [ALICE, typed]);
      expect(b, typed.primaryType).to.equal(a);
    }
  });

  it("eth_getProof: same account fields and storage proof", async () => {
    const [a, b] = (await pair.results("eth_getProof", [target, [word(0), word(1)], "latest"])) as Array<
      Record<string, unknown>
    >;
    const fields = ["address", "balance", "codeHash", "nonce", "storageHash", "storageProof"];
    expect(pick(b, fields)).to.deep.equal(pick(a, fields));
  });

  it("eth_sendRawTransaction: legacy, EIP-2930, EIP-1559 and EIP-7702", async () => {
    const base = { chainId: 31337n, gasLimit: 200_000n };
    const txs: TransactionRequest[] = [
      { ...base, type: 0, to: target, gasPrice: 3_000_000_000n, data: compat.encodeFunctionData("increment") },
      {
        ...base,
        type: 1,
        to: target,
        gasPrice: 3_000_000_000n,
        data: compat.encodeFunctionData("increment"),
        accessList: [{ address: target, storageKeys: [`0x${"0".repeat(64)}`] }],
      },
      { ...base, type: 2, to: BOB, value: 7n, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n },
    ];
    let nonce = 0;
    for (const tx of txs) {
      const raw = await SIGNER.signTransaction({ ...tx, nonce: nonce++ });
      const [ra, rb] = await pair.results("eth_sendRawTransaction", [raw]);
      expect(rb).to.equal(ra);
      const [receiptA, receiptB] = (await pair.results("eth_getTransactionReceipt", [ra])) as [Receipt, Receipt];
      expect(comparableReceipt(receiptB)).to.deep.equal(comparableReceipt(receiptA));
    }
    const auth = await SIGNER.authorize({ address: target, nonce: nonce + 1, chainId: 31337n });
    const raw = await SIGNER.signTransaction({
      ...base,
      type: 4,
      nonce,
      to: SIGNER.address,
      maxFeePerGas: 3_000_000_000n,
      maxPriorityFeePerGas: 1n,
      authorizationList: [auth],
      data: compat.encodeFunctionData("increment"),
    });
    const [ha, hb] = await pair.results("eth_sendRawTransaction", [raw]);
    expect(hb).to.equal(ha);
    const [receiptA, receiptB] = (await pair.results("eth_getTransactionReceipt", [ha])) as [Receipt, Receipt];
    expect(comparableReceipt(receiptB)).to.deep.equal(comparableReceipt(receiptA));
    const [codeA, codeB] = await pair.results("eth_getCode", [SIGNER.address, "latest"]);
    expect(codeB).to.equal(codeA);
    expect(String(codeA).startsWith("0xef0100")).to.equal(true);
  });

  it("eth_sendRawTransaction refusals: another chain's id, a gas limit over EIP-7825's cap (EDR's codes and words)", async () => {
    const base = { to: BOB, value: 1n, nonce: 0, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n };
    for (const tx of [
      { ...base, type: 2, chainId: 1n, gasLimit: 21_000n },
      { ...base, type: 0, chainId: 5n, gasLimit: 21_000n, maxFeePerGas: undefined, gasPrice: 3_000_000_000n },
      { ...base, type: 2, chainId: 31337n, gasLimit: 16_777_217n },
      { ...base, type: 0, chainId: 31337n, gasLimit: 100_000_000n, maxFeePerGas: undefined, gasPrice: 3_000_000_000n },
    ]) {
      const raw = await SIGNER.signTransaction({ ...tx, maxPriorityFeePerGas: tx.type === 0 ? undefined : 1n });
      const { edr, parallel } = await pair.both("eth_sendRawTransaction", [raw]);
      expect(edr.ok).to.equal(false);
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    }
  });

  for (const [label, data, value] of [
    ["a storage write and an event", compat.encodeFunctionData("increment"), "0x0"],
    ["a value transfer and an indexed event", compat.encodeFunctionData("deposit", [TAG]), "0x9"],
    ["a CREATE2 in a nested frame", compat.encodeFunctionData("create2", [3, TAG]), "0x2"],
  ] as Array<[string, string, string]>) {
    it(`debug_traceTransaction: the same struct logs for ${label}`, async () => {
      const [hash] = await pair.results("eth_sendTransaction", [{ from: ALICE, to: target, data, value }]);
      for (const options of [{}, { enableMemory: true, disableStack: true }]) {
        const [a, b] = await pair.results("debug_traceTransaction", [hash, options]);
        expect(b, JSON.stringify(options)).to.deep.equal(a);
      }
    });
  }

  it("debug_getBlockAccessList: served by the parallel network only", async () => {
    const { edr, parallel } = await pair.both("debug_getBlockAccessList", ["latest"]);
    expect(edr.ok).to.equal(false);
    expect(parallel.ok).to.equal(true);
    const list = (parallel.ok ? parallel.result : []) as Array<{ address: string }>;
    expect(list.map((e) => e.address)).to.include(target);
  });
});
