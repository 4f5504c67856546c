import { Account, Address, bigIntToBytes, bytesToHex, generateAddress, generateAddress2 } from "@ethereumjs/util";
import { expect } from "chai";

import { createEvmContext } from "../../../src/runtime/evm/evm-context.js";
import { Rng } from "../trie/reference.js";

interface CreateMessage {
  readonly caller: Address;
  readonly salt?: Uint8Array;
  readonly code?: Uint8Array;
}

type Generator = { _generateAddress(message: CreateMessage): Promise<Address> };

describe("runtime/evm: contract addresses of CREATE and CREATE2", () => {
  it("equal @ethereumjs/util's generateAddress / generateAddress2, nonce 0 and 1 included", async () => {
    const context = await createEvmContext({ chainId: 31337n, hardfork: "prague", blockHash: () => undefined });
    const evm = context.vm.evm as unknown as Generator;
    const rng = new Rng(41);
    for (let i = 0; i < 40; i++) {
      const caller = new Address(rng.bytes(20));
      // The EVM has already raised the sender's nonce when it asks: the address is of nonce - 1.
      const nonce = [1n, 2n, 256n, BigInt(1 + rng.int(1e9))][i % 4] ?? 1n;
      await context.vm.stateManager.putAccount(caller, new Account(nonce, 0n));
      const previous = nonce - 1n;
      const expected = generateAddress(caller.bytes, previous === 0n ? new Uint8Array(0) : bigIntToBytes(previous));
      expect((await evm._generateAddress({ caller })).toString(), `CREATE ${i}`).to.equal(bytesToHex(expected));
      const salt = rng.bytes(32);
      const code = rng.bytes(rng.int(600));
      expect((await evm._generateAddress({ caller, salt, code })).toString(), `CREATE2 ${i}`).to.equal(
        bytesToHex(generateAddress2(caller.bytes, salt, code)),
      );
    }
  });

  it("leaves a sender without an account to @ethereumjs's own method (its answer or error unchanged)", async () => {
    const context = await createEvmContext({ chainId: 31337n, hardfork: "prague", blockHash: () => undefined });
    const evm = context.vm.evm as unknown as Generator;
    const caller = new Address(new Uint8Array(20).fill(7));
    const ours = await evm._generateAddress({ caller }).then(
      (a) => a.toString(),
      (e: Error) => e.message,
    );
    const prototype = Object.getPrototypeOf(context.vm.evm) as Generator;
    const stock = await prototype._generateAddress.call(context.vm.evm, { caller }).then(
      (a) => a.toString(),
      (e: Error) => e.message,
    );
    expect(ours).to.equal(stock);
  });
});
