/**
 * Contract artifacts for a workload from Hardhat's artifacts, with a clear error naming the workload when a
 * contract is missing.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ReportError } from "../../report/errors.js";
import type { ArtifactLoader, WorkloadArtifact } from "../../report/workloads/runtime-workload-api.js";

/** An artifact loader for `workload`. */
export function artifactLoader(hre: HardhatRuntimeEnvironment, workload: string): ArtifactLoader {
  return async (name) => {
    if (!name.includes(":")) {
      const candidates = [...(await hre.artifacts.getAllFullyQualifiedNames())]
        .filter((fqn) => fqn.endsWith(`:${name}`))
        .sort();
      if (candidates.length > 1)
        throw new ReportError("ARTIFACT_AMBIGUOUS", {
          contract: name,
          workload,
          candidates: candidates.join(", "),
          first: candidates[0] ?? name,
        });
    }
    if (!(await hre.artifacts.artifactExists(name))) {
      const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].map((n) => n.slice(n.lastIndexOf(":") + 1));
      const known = [...new Set(names)].sort().join(", ");
      throw new ReportError("ARTIFACT_MISSING", { contract: name, workload, known: known === "" ? "none" : known });
    }
    return workloadArtifact(await hre.artifacts.readArtifact(name));
  };
}

function workloadArtifact(artifact: WorkloadArtifact): WorkloadArtifact {
  const { contractName, sourceName, abi, bytecode, linkReferences } = artifact;
  return { contractName, sourceName, abi, bytecode, ...(linkReferences === undefined ? {} : { linkReferences }) };
}

/**
 * Every artifact of the project whose contract name is unique, by that name (what `readArtifact(name)` gives
 * for it): handed to the report's second recording thread up front, so that it does not wait for this thread.
 */
export async function projectArtifacts(hre: HardhatRuntimeEnvironment): Promise<Map<string, WorkloadArtifact>> {
  const byName = new Map<string, WorkloadArtifact | undefined>();
  for (const name of await hre.artifacts.getAllFullyQualifiedNames()) {
    const artifact = await hre.artifacts.readArtifact(name);
    const seen = byName.has(artifact.contractName);
    byName.set(artifact.contractName, seen ? undefined : workloadArtifact(artifact));
  }
  return new Map([...byName].flatMap(([name, a]) => (a === undefined ? [] : [[name, a] as const])));
}
