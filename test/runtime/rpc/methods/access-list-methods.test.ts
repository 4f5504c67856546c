import { readFileSync } from "node:fs";
import path from "node:path";

import { RLP } from "@ethereumjs/rlp";
import { expect } from "chai";
import { Interface } from "ethers";

import { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";
import { bytecodeOf, compatHre } from "../../../compat/helpers/compat-pair.js";
import { REPO_ROOT } from "../../../helpers/fixtures.js";
import { validate, type Schema } from "../../../report/render/json-schema-subset.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const CAROL = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const DAVE = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const token = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
const schema = JSON.parse(
  readFileSync(path.join(REPO_ROOT, "schemas/eip-7928-block-access-list.schema.json"), "utf8"),
) as Schema;

interface Account {
  address: string;
  storageChanges: Array<{ key: string; changes: Array<{ index: string; value: string }> }>;
  storageReads: string[];
  balanceChanges: Array<{ index: string; value: string }>;
  nonceChanges: Array<{ index: string; value: string }>;
  codeChanges: Array<{ index: string; code: string }>;
}

type Rlp = Uint8Array | Rlp[];
const hex = (b: Rlp): string => `0x${Buffer.from(b as Uint8Array).toString("hex")}`;
const num = (b: Rlp): bigint => BigInt(hex(b) === "0x" ? 0 : hex(b));

describe("runtime/rpc: eth_getBlockAccessList (EIP-7928) and its aliases", () => {
  let provider: ParallelProvider;
  let tokenAddress: string;
  let list: Account[];
  const send = (tx: Record<string, string>): Promise<unknown> =>
    provider.request({ method: "eth_sendTransaction", params: [{ gas: "0x200000", ...tx }] });

  before(async () => {
    await compatHre();
    provider = await ParallelProvider.create({ log: () => undefined });
    const deploy = await send({ from: ALICE, data: bytecodeOf("Token.sol", "Token") });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
      contractAddress: string;
    };
    tokenAddress = receipt.contractAddress;
    await provider.request({ method: "evm_setAutomine", params: [false] });
    // One block: an ETH transfer, a storage write, a contract creation and a reverted transfer.
    await send({ from: BOB, to: CAROL, value: "0x1000" });
    await send({ from: ALICE, to: tokenAddress, data: token.encodeFunctionData("transfer", [DAVE, 5n]) });
    await send({ from: CAROL, data: bytecodeOf("Token.sol", "Token") });
    await send({ from: DAVE, to: tokenAddress, data: token.encodeFunctionData("transfer", [BOB, 10n ** 30n]) });
    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    list = (await provider.request({ method: "eth_getBlockAccessList", params: ["latest"] })) as Account[];
  });
  after(() => provider.close());

  it("the block has the four kinds of transaction, the last one reverted", async () => {
    const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      transactions: string[];
    };
    expect(block.transactions).to.have.length(4);
    const statuses = await Promise.all(
      block.transactions.map(async (h) => {
        const r = (await provider.request({ method: "eth_getTransactionReceipt", params: [h] })) as { status: string };
        return r.status;
      }),
    );
    expect(statuses).to.deep.equal(["0x1", "0x1", "0x1", "0x0"]);
  });

  it("validates against the execution-apis BlockAccessList schema, every field present", () => {
    expect(validate(list, schema)).to.deep.equal([]);
    for (const account of list) {
      expect(Object.keys(account)).to.deep.equal([
        "address",
        "storageChanges",
        "storageReads",
        "balanceChanges",
        "nonceChanges",
        "codeChanges",
      ]);
    }
  });

  it("the schema rejects the shape this network served before (it is not vacuous)", () => {
    const old = [{ address: ALICE, balanceChanges: [{ blockAccessIndex: "0x1", postBalance: "0x1" }] }];
    expect(validate(old, schema)).to.not.deep.equal([]);
  });

  it("accounts sorted by address; post values match the state after the block", async () => {
    const addresses = list.map((a) => a.address);
    expect(addresses).to.deep.equal([...addresses].sort());
    const carol = list.find((a) => a.address === CAROL);
    const balance = await provider.request({ method: "eth_getBalance", params: [CAROL, "latest"] });
    expect(carol?.balanceChanges.at(-1)?.value).to.equal(balance);
    expect(carol?.balanceChanges.map((c) => c.index)).to.include("0x1");
  });

  it("the contract creation is a code change at index 3 with the deployed code", async () => {
    const created = list.filter((a) => a.codeChanges.length > 0);
    expect(created).to.have.length(1);
    const code = await provider.request({ method: "eth_getCode", params: [created[0]?.address, "latest"] });
    expect(created[0]?.codeChanges).to.deep.equal([{ index: "0x3", code }]);
  });

  it("the reverted transfer changes no token storage, but its sender's nonce changes", () => {
    const tokenEntry = list.find((a) => a.address === tokenAddress);
    const indexes = tokenEntry?.storageChanges.flatMap((s) => s.changes.map((c) => c.index));
    expect(indexes).to.deep.equal(["0x2", "0x2"]);
    // The reverted transfer read _balances[DAVE], a slot the block changes: it is not listed as a read too.
    expect(tokenEntry?.storageReads).to.deep.equal([]);
    const dave = list.find((a) => a.address === DAVE);
    expect(dave?.nonceChanges).to.deep.equal([{ index: "0x4", value: "0x1" }]);
  });

  it("aliases answer the same list; unknown blocks answer null", async () => {
    const hash = (
      (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { hash: string }
    ).hash;
    const number = (await provider.request({ method: "eth_blockNumber", params: [] })) as string;
    for (const [method, param] of [
      ["debug_getBlockAccessList", "latest"],
      ["eth_getBlockAccessList", hash],
      ["eth_getBlockAccessListByBlockHash", hash],
      ["eth_getBlockAccessListByBlockNumber", number],
    ]) {
      expect(await provider.request({ method: method as string, params: [param] }), String(method)).to.deep.equal(list);
    }
    const unknown = `0x${"00".repeat(32)}`;
    expect(await provider.request({ method: "eth_getBlockAccessList", params: [unknown] })).to.equal(null);
    expect(await provider.request({ method: "eth_getBlockAccessList", params: ["0x999"] })).to.equal(null);
    expect(await provider.request({ method: "debug_getRawBlockAccessList", params: ["0x999"] })).to.equal(null);
  });

  it("debug_getRawBlockAccessList is the RLP of the same list", async () => {
    const raw = (await provider.request({ method: "debug_getRawBlockAccessList", params: ["latest"] })) as string;
    expect(await provider.request({ method: "eth_getBlockAccessListRaw", params: ["latest"] })).to.equal(raw);
    const decoded = RLP.decode(raw) as Rlp[][];
    expect(decoded.map((a) => hex(a[0] as Rlp))).to.deep.equal(list.map((a) => a.address));
    decoded.forEach((a, i) => {
      const json = list[i];
      const storage = (a[1] as Rlp[][]).map(([key, changes]) => ({
        key: `0x${num(key as Rlp)
          .toString(16)
          .padStart(64, "0")}`,
        changes: (changes as Rlp[][]).map(([ix, v]) => ({
          index: `0x${num(ix as Rlp).toString(16)}`,
          value: `0x${num(v as Rlp)
            .toString(16)
            .padStart(64, "0")}`,
        })),
      }));
      expect(storage).to.deep.equal(json?.storageChanges);
      const pairs = (x: Rlp) =>
        (x as Rlp[][]).map(([ix, v]) => ({
          index: `0x${num(ix as Rlp).toString(16)}`,
          value: `0x${num(v as Rlp).toString(16)}`,
        }));
      expect(pairs(a[3] as Rlp)).to.deep.equal(json?.balanceChanges);
      expect(pairs(a[4] as Rlp)).to.deep.equal(json?.nonceChanges);
      expect((a[5] as Rlp[][]).map(([, code]) => hex(code as Rlp))).to.deep.equal(json?.codeChanges.map((c) => c.code));
    });
  });
});
