import { expect } from "chai";

import { InOrder } from "../../../src/report/assemble/analysis-client.js";

describe("report/assemble: the analysis thread's client", () => {
  it("lets workload checks through in the report's order whatever order the workloads were recorded in", () => {
    const order = new InOrder();
    // Two recording threads: workloads 1 and 3 finish before 0, 2 last.
    expect(order.arrive(1)).to.deep.equal([]);
    expect(order.arrive(3)).to.deep.equal([]);
    expect(order.arrive(0)).to.deep.equal([0, 1]);
    expect(order.arrive(2)).to.deep.equal([2, 3]);
    expect(order.arrive(4)).to.deep.equal([4]);
  });

  it("lets each index through once, also when it arrives again", () => {
    const order = new InOrder();
    expect(order.arrive(0)).to.deep.equal([0]);
    expect(order.arrive(0)).to.deep.equal([]);
    expect(order.arrive(1)).to.deep.equal([1]);
  });
});
