import { expect } from "chai";

import { resolveParallelConfig } from "../../../src/plugin/config/resolution.js";
import { networkSettings } from "../../../src/plugin/network/network-settings.js";
import type { ParallelRuntimeSettings } from "../../../src/runtime/network/parallel-network.js";
import {
  DEFAULT_FALLBACK_POLICY,
  NEVER_FALL_BACK,
  decideBeforeExecution,
  decideFromProbe,
  probeSizeFor,
} from "../../../src/runtime/parallel/fallback-policy.js";

function runtimeOf(fallback?: "adaptive" | "never"): ParallelRuntimeSettings {
  const config = resolveParallelConfig({ workers: 2, fallback }, "/project");
  return networkSettings(config).runtime as ParallelRuntimeSettings;
}

describe("plugin/network: network settings from the `parallel` section", () => {
  it("keeps the adaptive fallback policy (the runtime's defaults) unless fallback is never", () => {
    expect(runtimeOf().policy).to.equal(undefined);
    expect(runtimeOf("adaptive").policy).to.equal(undefined);
    expect(runtimeOf("never").policy).to.equal(NEVER_FALL_BACK);
  });

  it("with fallback never, runs a block in parallel whatever the probe's timing and conflicts", () => {
    const n = 200;
    expect(decideBeforeExecution(n, 2, NEVER_FALL_BACK).parallel).to.equal(true);
    expect(probeSizeFor(n, NEVER_FALL_BACK)).to.equal(0);
    // A probe that found cheap, densely conflicting transactions: the adaptive policy falls back, never does not.
    const cheapDense = { sampled: 12, dependent: 11, ratio: 1, ms: 0.01 };
    expect(decideFromProbe(cheapDense, DEFAULT_FALLBACK_POLICY, n).parallel).to.equal(false);
    expect(decideFromProbe(cheapDense, NEVER_FALL_BACK, n).parallel).to.equal(true);
    const cheap = { sampled: 12, dependent: 0, ratio: 0, ms: 0.01 };
    expect(decideFromProbe(cheap, DEFAULT_FALLBACK_POLICY, n).parallel).to.equal(false);
    expect(decideFromProbe(cheap, NEVER_FALL_BACK, n).parallel).to.equal(true);
  });
});
