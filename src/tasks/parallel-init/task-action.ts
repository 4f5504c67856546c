/**
 * `parallel-init`: brings hardhat-parallel into an existing Hardhat 3 project — example workloads generated
 * from the project's contracts (one file per contract), the CI workflow, and a baseline from a first report run. Idempotent: existing
 * files are kept unless `--force`; it says what it wrote, warns when solc is declared with a range, and ends
 * with the next step.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { declaredSolcRange } from "../../plugin/solc/installed-solc.js";

import { exampleWorkloadPlan, type SkippedContract } from "./example-workload.js";
import { ignoreReportDir, readTemplate, scaffoldFile, type ScaffoldOutcome } from "./scaffold-files.js";

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

function printOutcome(o: ScaffoldOutcome): void {
  console.log(`${o.action.padEnd(11)} ${o.file}${o.action === "skipped" ? " (exists; --force to overwrite)" : ""}`);
}

/** Scaffolds one workload file per contract that fits, or says why there is none. */
/** Says which contracts got no workload and why, and how to add one (copy a generated file). */
function skippedNote(skipped: readonly SkippedContract[]): void {
  if (skipped.length === 0) return;
  const shown = skipped.slice(0, 5).map((s) => `  - ${s.contract}: ${s.reason}`);
  const more = skipped.length > 5 ? [`  - and ${skipped.length - 5} more`] : [];
  console.log(
    [
      `No example workload for ${skipped.length} contract(s):`,
      ...shown,
      ...more,
      'Add one by copying a file of parallel/workloads/ and changing its `api.deploy("…", [arguments])` and calls.',
    ].join("\n"),
  );
}

async function scaffoldWorkloads(hre: HardhatRuntimeEnvironment, force: boolean): Promise<ScaffoldOutcome[]> {
  const dir = path.join(hre.config.paths.root, "parallel", "workloads");
  const { workloads, skipped } = await exampleWorkloadPlan(hre, (file) => !force && existsSync(path.join(dir, file)));
  if (workloads.length === 0 && skipped.length === 0) {
    const compiled = (await hre.artifacts.getAllFullyQualifiedNames()).size;
    console.log(
      compiled === 0
        ? "No contract compiled yet: add one to contracts/ and run `npx hardhat parallel-init` again for an example workload (the report then shows the static analysis only)."
        : "No contract with a no-argument constructor and generatable calls: add workloads by hand (see the README); the report shows the static analysis until then.",
    );
  }
  const outcomes: ScaffoldOutcome[] = [];
  for (const w of workloads) {
    const outcome = await scaffoldFile(
      hre.config.paths.root,
      path.join("parallel", "workloads", w.file),
      w.source,
      force,
    );
    printOutcome(outcome);
    outcomes.push(outcome);
  }
  skippedNote(skipped);
  return outcomes;
}

/** Writes the baseline from a first report; when that report fails, says what was written and how to go on. */
async function writeBaseline(hre: HardhatRuntimeEnvironment, file: string, exists: boolean): Promise<ScaffoldOutcome> {
  try {
    await hre.tasks
      .getTask("parallel-report")
      .run({ updateBaseline: true, quiet: true, noCompile: true, format: "json" });
  } catch (error) {
    console.log(
      `\n${file} was not written: the first report failed (below). Fix the workload it names in parallel/workloads/ ` +
        "(or delete that file), then run `npx hardhat parallel-report --update-baseline`.\n",
    );
    throw error;
  }
  return { file, action: exists ? "overwritten" : "created" };
}

/**
 * A kept baseline has no figures for the workload files just created: `--check` would flag each as new until
 * the baseline is written again, so say that and the command.
 */
function staleBaselineNote(baseline: ScaffoldOutcome, outcomes: readonly ScaffoldOutcome[]): void {
  const created = outcomes.filter(
    (o) => o.action === "created" && o.file.startsWith(path.join("parallel", "workloads")),
  );
  if (baseline.action !== "skipped" || created.length === 0) return;
  console.log(
    `\n${baseline.file} was kept, so it has no figures for the workloads just created (${created.map((o) => o.file).join(", ")}): ` +
      "`parallel-report --check` flags them as new until you run `npx hardhat parallel-report --update-baseline` and commit the file.",
  );
}

/** The `parallel-init` task. */
export default async function parallelInit(
  args: ParallelInitArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<ScaffoldOutcome[]> {
  const root = hre.config.paths.root;
  await hre.tasks.getTask("build").run({ quiet: true });
  const outcomes = await scaffoldWorkloads(hre, args.force);
  const workflow = await scaffoldFile(
    root,
    path.join(".github", "workflows", "parallel.yml"),
    await readTemplate("ci/parallel.yml"),
    args.force,
  );
  printOutcome(workflow);
  outcomes.push(workflow);
  const ignored = await ignoreReportDir(root, hre.config.parallel.report.outDir);
  if (ignored !== undefined) {
    printOutcome(ignored);
    outcomes.push(ignored);
  }
  const baseline = path.relative(root, hre.config.parallel.baseline);
  const baselineExists = existsSync(hre.config.parallel.baseline);
  if (!args.noBaseline) {
    const outcome =
      baselineExists && !args.force
        ? { file: baseline, action: "skipped" as const }
        : await writeBaseline(hre, baseline, baselineExists);
    printOutcome(outcome);
    outcomes.push(outcome);
    staleBaselineNote(outcome, outcomes);
  }
  const warning = solcRangeWarning(hre);
  if (warning !== undefined) console.log(`\n${warning}`);
  console.log(
    "\nNext: `npx hardhat parallel-report` shows the report; commit parallel/, the workflow and the baseline, " +
      "and CI runs `parallel-report --check`.",
  );
  return outcomes;
}
