/**
 * The seeded differential fuzzer against Hardhat's network: `npm run fuzz:compat -- [--seeds N] [--seed S]
 * [--steps K] [--exclude family,…] [--all]` replays N random request streams (seeds S, S+1, …; K requests each) on
 * EDR and on the parallel network and compares every answer (test/compat/fuzz/). A divergence prints the seed,
 * the step, the minimised stream, the request and both answers; `--seeds 1 --seed <seed>` reproduces it.
 * Exits non-zero on any divergence.
 */
import { parseArgs } from "node:util";

import { compatHre } from "../test/compat/helpers/compat-pair.js";
import { describeDivergence, replay, shrink } from "../test/compat/fuzz/compat-replay.js";
import { WAITING, generateStream, type Family } from "../test/compat/fuzz/compat-stream.js";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "200" },
    seed: { type: "string" },
    steps: { type: "string", default: "60" },
    exclude: { type: "string" },
    all: { type: "boolean", default: false },
  },
});
const seeds = Number(values.seeds);
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const steps = Number(values.steps);
if (![seeds, firstSeed, steps].every((n) => Number.isSafeInteger(n) && n >= 0)) {
  console.error("fuzz:compat: --seeds, --seed and --steps take non-negative integers");
  process.exit(2);
}
// Default: the features still waiting for an issue item (WAITING); `--all` includes them, `--exclude` replaces them.
const exclude =
  values.exclude !== undefined
    ? new Set(values.exclude.split(",").filter((f) => f !== "") as Family[])
    : values.all
      ? new Set<Family>()
      : WAITING;
console.log(
  `fuzz:compat: ${seeds} streams of ${steps} requests from seed ${firstSeed}` +
    (exclude.size > 0 ? ` (left out: ${[...exclude].join(", ")})` : ""),
);

await compatHre();
const started = performance.now();
let divergences = 0;
for (let k = 0; k < seeds; k++) {
  const seed = firstSeed + k;
  const stream = generateStream(seed, { steps, exclude });
  const found = await replay(stream);
  if (found !== undefined) {
    divergences++;
    const small = await shrink(stream, found);
    console.log(describeDivergence(seed, small.steps, small.divergence));
  }
  if ((k + 1) % 50 === 0) {
    const seconds = Math.round((performance.now() - started) / 1000);
    console.log(`${k + 1} streams, ${divergences} diverging, ${seconds} s`);
  }
}
console.log(`fuzz:compat done: ${seeds} streams of ${steps} requests from seed ${firstSeed}, ${divergences} diverging`);
process.exit(divergences === 0 ? 0 : 1);
