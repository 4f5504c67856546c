/* Temporary probe (not committed): prints divergences of a battery of requests. */
import type { NetworkConnection } from "hardhat/types/network";
import { comparable, firstDifference } from "../compat/fuzz/compat-replay.js";
import { ALICE, BOB, CAROL, CompatPair, bytecodeOf, outcomeOf, type Outcome } from "../compat/helpers/compat-pair.js";
import { BATTERY, setup } from "./battery.js";

function show(o: Outcome): string {
  return JSON.stringify(o).slice(0, 600);
}
export type P = unknown[] | ((c: NetworkConnection) => Promise<unknown[]>);
describe("probe", function () {
  this.timeout(600_000);
  it("battery", async () => {
    const pair = await CompatPair.open();
    await setup([pair.edr, pair.parallel]);
    let n = 0;
    for (const [method, params] of BATTERY) {
      if (/createAccessList|requestAccounts|hardhat_reset|BlockAccessList/.test(method)) continue;
      const pe = typeof params === "function" ? await params(pair.edr) : params;
      const pp = typeof params === "function" ? await params(pair.parallel) : params;
      const snapE = await pair.edr.provider.request({ method: "evm_snapshot" });
      const snapP = await pair.parallel.provider.request({ method: "evm_snapshot" });
      const edr = await outcomeOf(pair.edr, method, structuredClone(pe));
      const par = await outcomeOf(pair.parallel, method, structuredClone(pp));
      await pair.edr.provider.request({ method: "evm_revert", params: [snapE] });
      await pair.parallel.provider.request({ method: "evm_revert", params: [snapP] });
      const [a, b] = comparable(method, edr, par);
      const d = firstDifference(a, b);
      const msgDiff = !edr.ok && !par.ok && (edr.message !== par.message);
      if (d !== undefined || msgDiff) {
        n++;
        console.log(`\n### ${method} ${JSON.stringify(pe).slice(0, 200)}\n  where: ${d ?? "(message only)"}\n  EDR: ${show(edr)}\n  OUR: ${show(par)}`);
      }
    }
    console.log(`\n${n} divergences of ${BATTERY.length}`);
    await pair.close();
  });
});
void ALICE; void BOB; void CAROL; void bytecodeOf;
