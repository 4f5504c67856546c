// Mocha reporter: mocha's spec output, plus one JSON line of real counts appended to the file named by
// HARDHAT_PARALLEL_COUNTS_FILE (used by scripts/run-all.mjs for the CI summary line).
const fs = require("node:fs");
const Mocha = require("mocha");

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.HARDHAT_PARALLEL_COUNTS_FILE;
      if (!file) return;
      const { passes, failures, pending } = runner.stats ?? this.stats;
      const label = process.env.HARDHAT_PARALLEL_COUNTS_LABEL ?? "mocha";
      fs.appendFileSync(file, JSON.stringify({ label, passed: passes, failed: failures, pending }) + "\n");
    });
  }
}

module.exports = CountingReporter;
