import { createTx } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { signedTransaction, type TxRequest } from "../../../src/runtime/chain/transaction-factory.js";
import { createChainCommon, createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";
import { fromHex } from "../../../src/runtime/util/hex.js";
import { Rng } from "../trie/reference.js";

const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const SENDER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

describe("runtime/chain: signedTransaction", () => {
  it("signs every type exactly as @ethereumjs's own tx.sign does, and hands over the sender", () => {
    const rng = new Rng(5);
    const common = createSharedTxCommon(31337n, "prague");
    const reference = createChainCommon(31337n, "prague");
    for (let i = 0; i < 80; i++) {
      const type = ([0, 1, 2, 4] as const)[i % 4] ?? 0;
      const authorizationList =
        type === 4
          ? [
              {
                chainId: 31337n,
                address: bytesToHex(rng.bytes(20)),
                nonce: BigInt(rng.int(100)),
                yParity: BigInt(rng.int(2)),
                r: BigInt(bytesToHex(rng.bytes(32))),
                s: BigInt(bytesToHex(rng.bytes(31))),
              },
            ]
          : undefined;
      const req: TxRequest = {
        from: SENDER,
        to: i % 7 === 0 && type !== 4 ? undefined : bytesToHex(rng.bytes(20)),
        gas: 21_000n + BigInt(rng.int(100_000)),
        value: BigInt(rng.int(1e9)),
        data: rng.bytes(rng.int(70)),
        nonce: BigInt(i),
        type,
        gasPrice: type < 2 ? BigInt(1 + rng.int(1e9)) : undefined,
        maxFeePerGas: type >= 2 ? 2_000_000_000n + BigInt(rng.int(1e9)) : undefined,
        maxPriorityFeePerGas: type >= 2 ? BigInt(rng.int(1e9)) : undefined,
        authorizationList,
        accessList:
          type === 0 ? undefined : [{ address: bytesToHex(rng.bytes(20)), storageKeys: [bytesToHex(rng.bytes(32))] }],
      };
      const tx = signedTransaction(common, req, KEY);
      const data = {
        type,
        nonce: req.nonce,
        gasLimit: req.gas,
        to: req.to === undefined ? undefined : fromHex(req.to),
        value: req.value,
        data: req.data,
        ...(type === 0 ? { gasPrice: req.gasPrice } : { chainId: 31337n, accessList: req.accessList }),
        ...(type === 1 ? { gasPrice: req.gasPrice } : {}),
        ...(type >= 2 ? { maxFeePerGas: req.maxFeePerGas, maxPriorityFeePerGas: req.maxPriorityFeePerGas } : {}),
        ...(authorizationList === undefined
          ? {}
          : {
              authorizationList: authorizationList.map((a) => ({
                chainId: `0x${a.chainId.toString(16)}`,
                address: a.address,
                nonce: `0x${a.nonce.toString(16)}`,
                yParity: `0x${a.yParity.toString(16)}`,
                r: `0x${a.r.toString(16)}`,
                s: `0x${a.s.toString(16)}`,
              })),
            }),
      };
      const expected = createTx(data as Parameters<typeof createTx>[0], { common: reference }).sign(
        fromHex(KEY),
        false,
      );
      expect(bytesToHex(tx.serialize()), `type ${type} #${i}`).to.equal(bytesToHex(expected.serialize()));
      expect(bytesToHex(tx.hash())).to.equal(bytesToHex(expected.hash()));
      // The fields themselves, not only the encoding (the signature is written into the transaction built once).
      expect(tx.toJSON(), `type ${type} #${i} fields`).to.deep.equal(expected.toJSON());
      expect([tx.v, tx.r, tx.s]).to.deep.equal([expected.v, expected.r, expected.s]);
      expect(tx.isSigned() && Object.isFrozen(tx)).to.equal(true);
      expect(tx.getSenderAddress().toString()).to.equal(SENDER);
      expect(expected.getSenderAddress().toString()).to.equal(SENDER);
    }
  });
});
