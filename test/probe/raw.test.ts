import { Wallet, Transaction } from "ethers";
import { CompatPair, outcomeOf, ALICE, BOB } from "../compat/helpers/compat-pair.js";
const SIGNER = new Wallet("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
describe("raw", function () {
  this.timeout(600_000);
  it("prints", async () => {
    const base = { chainId: 31337n, nonce: 0, to: BOB, gasLimit: 21000n };
    const legacy = await SIGNER.signTransaction({ ...base, gasPrice: 10n ** 10n });
    const t1 = await SIGNER.signTransaction({ ...base, type: 1, gasPrice: 10n ** 10n, accessList: [] });
    const t2 = await SIGNER.signTransaction({ ...base, type: 2, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n });
    const wrongChain = await SIGNER.signTransaction({ ...base, chainId: 1n, gasPrice: 10n ** 10n });
    const wrongChain2 = await SIGNER.signTransaction({ ...base, chainId: 1n, type: 2, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n });
    const noChain = await SIGNER.signTransaction({ ...base, chainId: 0n, gasPrice: 10n ** 10n });
    const badSig = (raw: string) => { const t = Transaction.from(raw); const h = t.serialized; return h.slice(0, -64) + "00".repeat(32); };
    const rs = (raw: string) => { const t = Transaction.from(raw); return t; };
    void rs;
    const cases: Array<[string, unknown[]]> = [
      ["truncated legacy", [legacy.slice(0, 40)]], ["truncated t1", [t1.slice(0, 40)]], ["truncated t2", [t2.slice(0, 40)]],
      ["trailing", [legacy + "00"]], ["t2 trailing", [t2 + "00"]],
      ["bad sig s=0 legacy", [badSig(legacy)]], ["bad sig t2", [badSig(t2)]],
      ["wrong chain legacy", [wrongChain]], ["wrong chain t2", [wrongChain2]], ["no chain id (pre-155)", [noChain]],
      ["0x01 alone", ["0x01"]], ["0x02 alone", ["0x02"]], ["0x03 alone", ["0x03"]], ["0x04 alone", ["0x04"]], ["0x05 alone", ["0x05"]],
      ["0x01c0", ["0x01c0"]], ["0x02c0", ["0x02c0"]], ["0x03c0", ["0x03c0"]], ["0x04c0", ["0x04c0"]], ["0x7f", ["0x7f"]], ["0xc0", ["0xc0"]],
      ["0x", ["0x"]], ["empty", [""]], ["odd", ["0x123"]], ["not hex", ["0xzz"]], ["number", [1]],
      ["oversized", [legacy.slice(0, 4) + "ff".repeat(140000)]],
      ["t2 with legacy prefix swap", ["0x01" + t2.slice(4)]],
      ["legacy as t1", ["0x01" + legacy.slice(2)]],
      ["c0 list short", ["0xc3010203"]],
    ];
    const pair = await CompatPair.open();
    await outcomeOf(pair.edr, "hardhat_setBalance", [SIGNER.address, "0xde0b6b3a7640000"]);
    await outcomeOf(pair.parallel, "hardhat_setBalance", [SIGNER.address, "0xde0b6b3a7640000"]);
    for (const [label, p] of cases) {
      const e = await outcomeOf(pair.edr, "eth_sendRawTransaction", structuredClone(p));
      const o = await outcomeOf(pair.parallel, "eth_sendRawTransaction", structuredClone(p));
      const same = JSON.stringify([e.ok, e.ok ? e.result : [e.code, e.message]]) === JSON.stringify([o.ok, o.ok ? (o as {result: unknown}).result : [(o as {code: unknown}).code, o.message]]);
      console.log(`${same ? "SAME" : "DIFF"} ${label}\n  EDR ${e.ok ? "ok " + JSON.stringify(e.result) : e.code + " " + e.message.slice(0, 300) + " data=" + JSON.stringify(e.data ?? null).slice(0, 80)}\n  OUR ${o.ok ? "ok " + JSON.stringify(o.result) : o.code + " " + o.message.slice(0, 300) + " data=" + JSON.stringify(o.data ?? null).slice(0, 80)}`);
    }
    void ALICE;
    await pair.close();
  });
});
