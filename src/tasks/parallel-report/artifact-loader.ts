/**
 * What the report reads from Hardhat's artifacts: contract artifacts for a workload (with a clear error naming
 * the workload when a contract is missing), and the creation codes and selectors that name a test-run
 * profile's transactions.
 */
import { Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ReportError } from "../../report/errors.js";
import type { ArtifactCodes } from "../../report/record/test-profile.js";
import type { ArtifactLoader } from "../../report/workloads/runtime-workload-api.js";

/** An artifact loader for `workload`. */
export function artifactLoader(hre: HardhatRuntimeEnvironment, workload: string): ArtifactLoader {
  return async (name) => {
    if (!(await hre.artifacts.artifactExists(name)))
      throw new ReportError("ARTIFACT_MISSING", { contract: name, workload });
    const artifact = await hre.artifacts.readArtifact(name);
    return {
      contractName: artifact.contractName,
      sourceName: artifact.sourceName,
      abi: artifact.abi,
      bytecode: artifact.bytecode,
    };
  };
}

/** Creation codes (longest first) and function selectors of every artifact of the project. */
export async function artifactCodes(hre: Pick<HardhatRuntimeEnvironment, "artifacts">): Promise<ArtifactCodes> {
  const creation: Array<{ name: string; bytecode: string }> = [];
  const selectors = new Map<string, string>();
  for (const fqn of await hre.artifacts.getAllFullyQualifiedNames()) {
    const a = await hre.artifacts.readArtifact(fqn);
    if (a.bytecode.length > 2) creation.push({ name: a.contractName, bytecode: a.bytecode.toLowerCase() });
    new Interface(a.abi).forEachFunction((f) => selectors.set(f.selector, f.name));
  }
  creation.sort((x, y) => y.bytecode.length - x.bytecode.length);
  return { creation, selectors };
}
