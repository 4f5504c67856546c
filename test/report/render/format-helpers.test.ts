import { expect } from "chai";

import { compactDiff, formatCompactDiff } from "../../../src/report/render/format-helpers.js";

describe("report/render: compact check diff", () => {
  it("keeps only the words that changed and puts the shared tail after them", () => {
    const diff = { before: "6.20x at 16 threads", after: "0.99x at 16 threads" };
    expect(compactDiff(diff)).to.deep.equal({ before: "6.20x", after: "0.99x", context: "at 16 threads" });
    expect(formatCompactDiff(diff)).to.equal("was 6.20x, now 0.99x at 16 threads");
  });

  it("shows whole values when nothing is shared, and never an empty side", () => {
    expect(formatCompactDiff({ before: "3 pairs", after: "5 functions" })).to.equal("was 3 pairs, now 5 functions");
    expect(compactDiff({ before: "2.00x at 8 threads", after: "1.10x at 16 threads" })).to.deep.equal({
      before: "2.00x at 8",
      after: "1.10x at 16",
      context: "threads",
    });
    expect(compactDiff({ before: "same", after: "same" })).to.deep.equal({
      before: "same",
      after: "same",
      context: "",
    });
    expect(compactDiff({ before: "1 x", after: "x" })).to.deep.equal({ before: "1 x", after: "x", context: "" });
  });
});
