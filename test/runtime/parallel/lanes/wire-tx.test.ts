import { deserialize, serialize } from "node:v8";

import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { expect } from "chai";

import {
  impersonatedTransaction,
  signedTransaction,
  type TxRequest,
} from "../../../../src/runtime/chain/transaction-factory.js";
import { createSharedTxCommon } from "../../../../src/runtime/evm/evm-context.js";
import { toWireTxs, WireTxReader } from "../../../../src/runtime/parallel/lanes/wire-tx.js";
import { fromHex, toHex } from "../../../../src/runtime/util/hex.js";

const FROM = "0x00000000000000000000000000000000000a11ce";
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const TO = "0x00000000000000000000000000000000000000b0";

function request(overrides: Partial<TxRequest>): TxRequest {
  const base: TxRequest = {
    from: FROM,
    to: TO,
    gas: 90_000n,
    value: 5n,
    data: fromHex("0xa9059cbb00ff"),
    nonce: 3n,
    type: 2,
  };
  return { maxFeePerGas: 100n, maxPriorityFeePerGas: 3n, gasPrice: 9n, ...base, ...overrides };
}

/** The lane's view of a transaction: every own field, and what runTx asks of it. */
function observed(tx: TypedTransaction): Record<string, unknown> {
  const own = Object.fromEntries(
    Object.keys(tx)
      .filter((k) => k !== "common" && k !== "txOptions")
      .map((k) => [k, (tx as unknown as Record<string, unknown>)[k]]),
  );
  return {
    keys: Object.keys(tx),
    own,
    json: tx.toJSON(),
    serialized: toHex(tx.serialize()),
    hash: toHex(tx.hash()),
    sender: toHex(tx.getSenderAddress().bytes),
    dataGas: tx.getDataGas(),
    intrinsicGas: tx.getIntrinsicGas(),
    upfront: tx.getUpfrontCost(7n),
    signed: tx.isSigned(),
    chainId: tx.common.chainId(),
    prototype: Object.getPrototypeOf(tx) as unknown,
  };
}

describe("transactions on the wire to a worker lane", () => {
  const common = createSharedTxCommon(31337n, "osaka");
  const requests: Array<[string, TxRequest]> = [
    ["type 2 call", request({})],
    ["type 2 create", request({ to: undefined, data: fromHex("0x6000600055") })],
    ["type 2 with an access list", request({ accessList: [{ address: TO, storageKeys: [`0x${"11".repeat(32)}`] }] })],
    ["type 2 with empty data", request({ data: new Uint8Array(0) })],
    ["type 1", request({ type: 1 })],
    ["type 0 (by RLP)", request({ type: 0 })],
  ];

  for (const [name, req] of requests) {
    for (const signed of [false, true]) {
      it(`rebuilds a ${signed ? "signed" : "impersonated"} ${name} as createTxFromRLP decodes it`, () => {
        const tx = signed ? signedTransaction(common, req, KEY) : impersonatedTransaction(common, req);
        const other = signed ? impersonatedTransaction(common, request({ nonce: 9n })) : tx;
        const wire = deserialize(serialize(toWireTxs([other, tx]))) as ReturnType<typeof toWireTxs>;
        const reader = new WireTxReader(common, wire);
        expect(reader.count).to.equal(2);
        reader.read(0);
        const rebuilt = reader.read(1);
        const decoded = createTxFromRLP(tx.serialize(), { common, freeze: false }) as TypedTransaction;
        const sender = tx.getSenderAddress();
        Object.defineProperty(decoded, "getSenderAddress", { value: () => sender });
        expect(observed(rebuilt)).to.deep.equal(observed(decoded));
        expect(rebuilt.common).to.equal(common);
      });
    }
  }

  for (const type of [0, 2] as const) {
    it(`reads a type-${type} creation with init code over EIP-3860's limit where the chain allows it, and refuses it where not`, () => {
      const req = request({ type, to: undefined, data: new Uint8Array(49_153).fill(0x5b) });
      const options = { common, freeze: false, allowUnlimitedInitCodeSize: true };
      const tx = signedTransaction(common, req, KEY, true);
      const wire = deserialize(serialize(toWireTxs([tx]))) as ReturnType<typeof toWireTxs>;
      const rebuilt = new WireTxReader(common, wire, true).read(0);
      const decoded = createTxFromRLP(tx.serialize(), options) as TypedTransaction;
      const sender = tx.getSenderAddress();
      Object.defineProperty(decoded, "getSenderAddress", { value: () => sender });
      expect(observed(rebuilt)).to.deep.equal(observed(decoded));
      expect(rebuilt.txOptions.allowUnlimitedInitCodeSize).to.equal(true);
      if (type === 0) expect(() => new WireTxReader(common, wire).read(0)).to.throw(/initcode/i);
    });
  }

  it("rejects a transaction of another chain as decoding it does", () => {
    const foreign = impersonatedTransaction(createSharedTxCommon(5n, "osaka"), request({}));
    const reader = new WireTxReader(common, toWireTxs([foreign]));
    expect(() => createTxFromRLP(foreign.serialize(), { common })).to.throw(/chain ID/i);
    expect(() => reader.read(0)).to.throw(/chain ID/i);
  });
});
