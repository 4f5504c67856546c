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

  it("leaves time excluded while a phase runs out of it (a thread parked while another measured)", async () => {
    const timer = new PhaseTimer();
    const started = performance.now();
    await timer.time("run workloads › setup", async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      timer.exclude(performance.now() - started); // everything so far was "parked"
    });
    await timer.time("run workloads › mine", async () => {});
    expect(timer.phases["run workloads › setup"]).to.be.at.most(1);
    timer.exclude(1000); // outside any timed phase: nothing changes
    await timer.time("run workloads › mine", async () => {});
    expect(timer.phases["run workloads › mine"]).to.be.at.least(0).and.at.most(1);
  });
});
