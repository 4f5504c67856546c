import { createBlockHeader } from "@ethereumjs/block";
import { RLP } from "@ethereumjs/rlp";
import { TransactionType } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { encodeReceipt as stockEncodeReceipt, type TxReceipt } from "@ethereumjs/vm";
import { expect } from "chai";

import {
  assembleBlock,
  createEnvironmentBlock,
  encodeReceipt,
  type BlockEnvironment,
} from "../../../src/runtime/chain/block-assembly.js";
import type { ExecutedTx } from "../../../src/runtime/exec/block-execution.js";
import { createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";
import { keccak256 } from "../../../src/runtime/crypto/keccak.js";
import { Rng } from "../trie/reference.js";

const ENV: BlockEnvironment = {
  number: 7n,
  parentHash: new Uint8Array(32).fill(1),
  timestamp: 1_700_000_000n,
  coinbase: "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
  gasLimit: 60_000_000n,
  baseFeePerGas: 0n,
  prevRandao: new Uint8Array(32).fill(2),
};

describe("runtime/chain: createEnvironmentBlock", () => {
  it("gives the block made last time for an equal environment, a new one when any field differs", () => {
    const common = createSharedTxCommon(31337n, "prague");
    const block = createEnvironmentBlock(common, ENV);
    expect(createEnvironmentBlock(common, { ...ENV, parentHash: ENV.parentHash.slice() })).to.equal(block);
    const variants: Array<
      [string, Partial<BlockEnvironment>, (b: ReturnType<typeof createEnvironmentBlock>) => unknown]
    > = [
      ["number", { number: 8n }, (b) => b.header.number],
      ["timestamp", { timestamp: 1_700_000_001n }, (b) => b.header.timestamp],
      ["base fee", { baseFeePerGas: 5n }, (b) => b.header.baseFeePerGas],
      ["gas limit", { gasLimit: 30_000_000n }, (b) => b.header.gasLimit],
      ["coinbase", { coinbase: "0x0000000000000000000000000000000000000001" }, (b) => b.header.coinbase.toString()],
      ["parent hash", { parentHash: new Uint8Array(32).fill(3) }, (b) => b.header.parentHash[0]],
      ["prevRandao", { prevRandao: new Uint8Array(32).fill(4) }, (b) => b.header.mixHash[0]],
      ["extra data", { extraData: new Uint8Array([9]) }, (b) => b.header.extraData[0]],
    ];
    let previous = block;
    for (const [name, change, read] of variants) {
      const env = { ...ENV, ...change };
      const other = createEnvironmentBlock(common, env);
      expect(other, name).to.not.equal(previous);
      const expected = Object.values(change)[0];
      const value = expected instanceof Uint8Array ? expected[0] : expected;
      expect(read(other), name).to.equal(value);
      previous = other;
    }
    expect(createEnvironmentBlock(common, ENV), "back to the first environment").to.not.equal(previous);
  });
});

function receipt(rng: Rng, status: 0 | 1, gas: bigint): TxReceipt {
  const logs = Array.from({ length: rng.int(4) }, () => [
    rng.bytes(20),
    Array.from({ length: rng.int(5) }, () => rng.bytes(32)),
    rng.bytes([0, 1, 32, 64, 300][rng.int(5)] ?? 0),
  ]);
  const base = { status, cumulativeBlockGasUsed: gas, bitvector: rng.bytes(256), logs };
  // A pre-Byzantium receipt carries its post-state root instead of a status.
  return (rng.int(5) === 0 ? { ...base, stateRoot: rng.bytes(32) } : base) as unknown as TxReceipt;
}

describe("runtime/chain: block encodings", () => {
  it("encodes receipts as @ethereumjs/vm's encodeReceipt, typed and legacy, failed and successful", () => {
    const rng = new Rng(5);
    const types = [TransactionType.Legacy, TransactionType.AccessListEIP2930, TransactionType.FeeMarketEIP1559];
    for (let i = 0; i < 200; i++) {
      const gas = [0n, 21_000n, 255n, 256n, 30_000_000n][rng.int(5)] ?? 0n;
      const r = receipt(rng, rng.int(2) === 0 ? 0 : 1, gas);
      const type = types[rng.int(types.length)] ?? TransactionType.Legacy;
      expect(bytesToHex(encodeReceipt(r, type)), `case ${i}`).to.equal(bytesToHex(stockEncodeReceipt(r, type)));
    }
  });

  it("gives assembled blocks the hash @ethereumjs computes for their header", () => {
    const common = createSharedTxCommon(31337n, "prague");
    const rng = new Rng(8);
    for (let i = 0; i < 30; i++) {
      const env = { ...ENV, number: BigInt(rng.int(1 << 30)), baseFeePerGas: BigInt(rng.int(1 << 20)) };
      const gas = BigInt(21_000 + rng.int(100_000));
      const executed = [
        { gasUsed: gas, receipt: receipt(rng, 1, gas), tx: { serialize: () => rng.bytes(100), type: 2 } },
      ];
      const block = assembleBlock(common, env, executed as unknown as ExecutedTx[], rng.bytes(32));
      const stock = createBlockHeader(block.header.toJSON(), { common, skipConsensusFormatValidation: true });
      expect(bytesToHex(block.hash())).to.equal(bytesToHex(stock.hash()));
      expect(bytesToHex(block.hash())).to.equal(bytesToHex(keccak256(RLP.encode(block.header.raw()))));
    }
  });
});
