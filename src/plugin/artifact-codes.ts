/**
 * The creation codes and function selectors of a project's artifacts, which name recorded transactions (a
 * test-run profile's in the report, a block's in the access methods' labels).
 */
import { Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { ArtifactCodes } from "../report/record/test-profile.js";

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
