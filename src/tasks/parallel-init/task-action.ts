/**
 * `parallel-init`: brings hardhat-parallel into an existing Hardhat 3 project — an example workload generated
 * from the project's contracts, the CI workflow, and a baseline from a first report run. Idempotent: existing
 * files are kept unless `--force`; it says what it wrote, warns when solc is declared with a range, and ends
 * with the next step.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { declaredSolcRange } from "../../plugin/solc/installed-solc.js";

import { exampleWorkload } from "./example-workload.js";
import { readTemplate, scaffoldFile, type ScaffoldOutcome } from "./scaffold-files.js";

/** Arguments of `parallel-init`. */
export interface ParallelInitArguments {
  force: boolean;
  noBaseline: boolean;
}

/**
 * A warning when package.json declares solc with a range while the plugin compiles with npm builds: `npm
 * update` would move it off the version hardhat.config.ts asks for, and every command would stop.
 */
export function solcRangeWarning(hre: Pick<HardhatRuntimeEnvironment, "config">): string | undefined {
  if (hre.config.parallel.solc !== "npm") return undefined;
  const range = declaredSolcRange(hre.config.paths.root);
  if (range === undefined) return undefined;
  const version = hre.config.solidity.profiles.default?.compilers[0]?.version ?? "<version>";
  return (
    `Warning: package.json declares solc "${range}", a range: \`npm update\` can replace it with another ` +
    `version than the one hardhat.config.ts compiles with. Pin it: npm install --save-dev --save-exact solc@${version}`
  );
}

/** The `parallel-init` task. */
export default async function parallelInit(
  args: ParallelInitArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<ScaffoldOutcome[]> {
  const root = hre.config.paths.root;
  await hre.tasks.getTask("build").run({ quiet: true });
  const outcomes: ScaffoldOutcome[] = [];
  const workload = await exampleWorkload(hre);
  if (workload === undefined) {
    console.log(
      "No contract with a no-argument constructor and generatable calls: add workloads by hand (see the README).",
    );
  } else {
    outcomes.push(await scaffoldFile(root, path.join("parallel", "workloads", "example.ts"), workload, args.force));
  }
  outcomes.push(
    await scaffoldFile(
      root,
      path.join(".github", "workflows", "parallel.yml"),
      await readTemplate("ci/parallel.yml"),
      args.force,
    ),
  );
  const baseline = path.relative(root, hre.config.parallel.baseline);
  const baselineExists = existsSync(hre.config.parallel.baseline);
  if (args.noBaseline) {
    // Nothing to do: the user asked for no baseline.
  } else if (baselineExists && !args.force) {
    outcomes.push({ file: baseline, action: "skipped" });
  } else {
    await hre.tasks
      .getTask("parallel-report")
      .run({ updateBaseline: true, quiet: true, noCompile: true, format: "json" });
    outcomes.push({ file: baseline, action: baselineExists ? "overwritten" : "created" });
  }
  for (const o of outcomes)
    console.log(`${o.action.padEnd(11)} ${o.file}${o.action === "skipped" ? " (exists; --force to overwrite)" : ""}`);
  const warning = solcRangeWarning(hre);
  if (warning !== undefined) console.log(`\n${warning}`);
  console.log(
    "\nNext: `npx hardhat parallel-report` shows the report; commit the workload, the workflow and the baseline, " +
      "and CI runs `parallel-report --check`.",
  );
  return outcomes;
}
