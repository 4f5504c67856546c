/**
 * Contract artifacts for a workload from Hardhat's artifacts, with a clear error naming the workload when a
 * contract is missing.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ReportError } from "../../report/errors.js";
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
