import { CompatPair, outcomeOf, ALICE, BOB } from "../compat/helpers/compat-pair.js";
const H = `0x${"12".repeat(32)}`;
const CASES: Array<[string, unknown[]]> = JSON.parse(process.env.CASES ?? "[]");
describe("quick", function () {
  this.timeout(600_000);
  it("prints", async () => {
    const pair = await CompatPair.open();
    const tx = String(await pair.edr.provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: BOB }] }));
    await pair.parallel.provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: BOB }] });
    for (const [m, p0] of CASES) {
      const p = JSON.parse(JSON.stringify(p0).replaceAll("TXH", tx).replaceAll("HASH", H).replaceAll("ALICE", ALICE).replaceAll("BOB", BOB));
      const e = await outcomeOf(pair.edr, m, structuredClone(p));
      const o = await outcomeOf(pair.parallel, m, structuredClone(p));
      console.log(`${m} ${JSON.stringify(p).slice(0, 140)}\n  EDR ${e.ok ? "ok " + JSON.stringify(e.result).slice(0, 150) : e.code + " " + e.message + " " + JSON.stringify(e.data ?? null).slice(0,60)}\n  OUR ${o.ok ? "ok " + JSON.stringify(o.result).slice(0, 150) : o.code + " " + o.message+ " " + JSON.stringify(o.data ?? null).slice(0,60)}`);
    }
    await pair.close();
  });
});
