import { expect } from "chai";

import { threadCpuMs } from "../../../src/runtime/parallel/execution-stats.js";

describe("execution statistics: CPU time", () => {
  it("reads the thread's CPU time, and the process's on a Node without process.threadCpuUsage (< 22.15)", () => {
    const own = Object.getOwnPropertyDescriptor(process, "threadCpuUsage");
    expect(threadCpuMs()).to.be.a("number").and.at.least(0);
    Object.defineProperty(process, "threadCpuUsage", { value: undefined, configurable: true, writable: true });
    try {
      const ms = threadCpuMs();
      expect(Number.isFinite(ms)).to.equal(true);
      expect(ms).to.be.at.least(0);
    } finally {
      if (own === undefined) delete (process as { threadCpuUsage?: unknown }).threadCpuUsage;
      else Object.defineProperty(process, "threadCpuUsage", own);
    }
    expect(typeof process.threadCpuUsage).to.equal(own === undefined ? "undefined" : "function");
  });
});
