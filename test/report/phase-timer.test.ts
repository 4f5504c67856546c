import { expect } from "chai";

import { PART_SEPARATOR, PhaseTimer } from "../../src/report/phase-timer.js";

describe("report: PhaseTimer", () => {
  it("adds the parts of a phase exactly and rounds only what it shows", () => {
    const timer = new PhaseTimer();
    for (let i = 0; i < 10; i++) timer.add(`run workloads${PART_SEPARATOR}mine`, 0.4);
    expect(timer.phases).to.deep.equal({ "run workloads › mine": 4 });
  });

  it("times synchronous and asynchronous work under the phase's name, also when it throws", async () => {
    const timer = new PhaseTimer();
    expect(timer.timeSync("dynamic analysis", () => 7)).to.equal(7);
    expect(await timer.time("static analysis", () => Promise.resolve("x"))).to.equal("x");
    expect(() =>
      timer.timeSync("soundness check", () => {
        throw new Error("boom");
      }),
    ).to.throw("boom");
    expect(Object.keys(timer.phases)).to.deep.equal(["dynamic analysis", "static analysis", "soundness check"]);
  });

  it("from origin 0 counts the process's start-up as a phase included in the total", () => {
    const timer = new PhaseTimer(0);
    const startUp = timer.phases["start-up"] ?? -1;
    expect(startUp).to.be.greaterThan(0);
    expect(timer.total()).to.be.at.least(startUp);
    expect(new PhaseTimer().phases).to.deep.equal({});
  });
});
