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
      const known = knownNames([...(await hre.artifacts.getAllFullyQualifiedNames())]);
      throw new ReportError("ARTIFACT_MISSING", { contract: name, workload, known: known === "" ? "none" : known });
    }
    return workloadArtifact(await hre.artifacts.readArtifact(name));
  };
}

/**
 * The names a workload can use: bare where unique, fully qualified where two contracts share a name; Solidity
 * tests (`*.t.sol`) left out.
 */
function knownNames(all: readonly string[]): string {
  const fullyQualified = all.filter((fqn) => !/\.t\.sol:/.test(fqn));
  const bare = (fqn: string): string => fqn.slice(fqn.lastIndexOf(":") + 1);
  const names = fullyQualified.map((fqn) =>
    fullyQualified.filter((other) => bare(other) === bare(fqn)).length > 1 ? fqn : bare(fqn),
  );
  return [...new Set(names)].sort().join(", ");
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
