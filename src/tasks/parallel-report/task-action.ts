/**
 * `parallel-report` task action. The workloads, analyses and outputs arrive with the report issue; until
 * then the task compiles the project and prints which contracts a report will cover, and says so.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/** Arguments of `parallel-report`, as declared in src/index.ts. */
export interface ParallelReportArguments {
  check: boolean;
  updateBaseline: boolean;
  workload: string | undefined;
  format: string | undefined;
  out: string | undefined;
  workers: number;
  noCompile: boolean;
  quiet: boolean;
}

export default async function parallelReport(
  args: ParallelReportArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  if (!args.noCompile) await hre.tasks.getTask("build").run({ quiet: true });
  const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].sort();
  console.log("hardhat-parallel report (placeholder: workloads and analyses land with the report issue)");
  console.log(`network: ${hre.config.parallel.networkName}, strategy: ${hre.config.parallel.strategy}, workers: ${args.workers > 0 ? args.workers : hre.config.parallel.workers}`);
  console.log(`contracts (${names.length}):`);
  for (const name of names) console.log(`  ${name}`);
}
