import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";
import { ALICE, BOB, CAROL } from "../compat/helpers/compat-pair.js";
type H = any; // eslint-disable-line
const H32 = `0x${"12".repeat(32)}`;
async function run(f: () => Promise<unknown>): Promise<string> {
  try { const r = await f(); return "ok " + JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)); }
  catch (e) { return "ERR " + String((e as Error).message).slice(0, 250); }
}
describe("helpers", function () {
  this.timeout(600_000);
  it("prints", async () => {
    const hre = await createFixtureHre("compat-project", { plugins: [hardhatEthers, hardhatNetworkHelpers, hardhatParallel], solidity: "0.8.28" });
    const steps: Array<[string, (h: H, c: H) => Promise<unknown>]> = [
      ["mine()", (h) => h.mine()], ["mine(3, {interval: 10})", (h) => h.mine(3, { interval: 10 })], ["mine(0)", (h) => h.mine(0)], ["mine(-1)", (h) => h.mine(-1)],
      ["mine(1000000)", (h) => h.mine(1000000)],
      ["mineUpTo(5)", (h) => h.mineUpTo(5)], ["mineUpTo(1)", (h) => h.mineUpTo(1)],
      ["time.latest", (h) => h.time.latest().then((t: number) => t > 0)], ["time.latestBlock", (h) => h.time.latestBlock()],
      ["time.increase(3600)", (h) => h.time.increase(3600).then((t: number) => t > 0)], ["time.increase(0)", (h) => h.time.increase(0).then((t: number) => t > 0)], ["time.increase(-1)", (h) => h.time.increase(-1)],
      ["time.increaseTo(2e9)", (h) => h.time.increaseTo(2_000_000_000)], ["time.increaseTo(1)", (h) => h.time.increaseTo(1)],
      ["time.setNextBlockTimestamp(2.1e9)", (h) => h.time.setNextBlockTimestamp(2_100_000_000)], ["mine", (h) => h.mine()], ["time.latest", (h) => h.time.latest()],
      ["time.setNextBlockTimestamp(same)", (h) => h.time.setNextBlockTimestamp(2_100_000_000)],
      ["getStorageAt", (h) => h.getStorageAt(BOB, 0)], ["setStorageAt", (h) => h.setStorageAt(BOB, 1, 5)], ["getStorageAt 1", (h) => h.getStorageAt(BOB, 1)],
      ["setStorageAt big", (h) => h.setStorageAt(BOB, 2n ** 256n, 5)], ["setStorageAt value big", (h) => h.setStorageAt(BOB, 1, 2n ** 256n)],
      ["setBalance", (h) => h.setBalance(CAROL, 10n ** 18n)], ["setBalance -1", (h) => h.setBalance(CAROL, -1)],
      ["setCode", (h) => h.setCode(CAROL, "0x6000")], ["setCode bad", (h) => h.setCode(CAROL, "0x6")],
      ["setNonce", (h) => h.setNonce(CAROL, 5)], ["setNonce lower", (h) => h.setNonce(CAROL, 1)],
      ["setBlockGasLimit", (h) => h.setBlockGasLimit(25_000_000)], ["setBlockGasLimit 0", (h) => h.setBlockGasLimit(0)],
      ["setCoinbase", (h) => h.setCoinbase(BOB)], ["setNextBlockBaseFeePerGas", (h) => h.setNextBlockBaseFeePerGas(10_000)],
      ["setPrevRandao", (h) => h.setPrevRandao(12345)], ["mine", (h) => h.mine()],
      ["impersonate", (h) => h.impersonateAccount(CAROL)], ["stopImpersonating", (h) => h.stopImpersonatingAccount(CAROL)],
      ["snapshot+restore", async (h, c) => { const s = await h.takeSnapshot(); await h.mine(2); await s.restore(); await s.restore(); return c.provider.request({ method: "eth_blockNumber" }); }],
      ["clearSnapshots", async (h) => h.clearSnapshots()],
      ["loadFixture", async (h, c) => { const f = async function fix() { await c.provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: BOB, value: "0x1" }] }); return 1; }; await h.loadFixture(f); await h.mine(); return h.loadFixture(f); }],
      ["loadFixture anon", async (h) => h.loadFixture(async () => 1)],
      ["dropTransaction", async (h, c) => { await c.provider.request({ method: "evm_setAutomine", params: [false] }); const hash = await c.provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: BOB }] }); const r = await h.dropTransaction(hash); await c.provider.request({ method: "evm_setAutomine", params: [true] }); return r; }],
      ["dropTransaction unknown", (h) => h.dropTransaction(H32)],
      ["time.duration", async (h) => h.time.duration.weeks(2)],
      ["block", async (_h, c) => { const b = await c.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] }); return { ...b, hash: 0, parentHash: 0, stateRoot: 0, timestamp: 0 }; }],
      ["balances", async (_h, c) => Promise.all([ALICE, BOB, CAROL].map((a) => c.provider.request({ method: "eth_getBalance", params: [a, "latest"] })))],
    ];
    const e = await hre.network.create("default");
    const p = await hre.network.create("parallel");
    for (const [label, f] of steps) {
      const a = await run(() => f((e as H).networkHelpers, e));
      const b = await run(() => f((p as H).networkHelpers, p));
      console.log(`${a === b ? "SAME" : "DIFF"} ${label}\n  EDR ${a.slice(0, 400)}${a === b ? "" : "\n  OUR " + b.slice(0, 400)}`);
    }
  });
});
