/**
 * The creation codes and function selectors of a project's artifacts, which name recorded transactions (a
 * test-run profile's in the report, a block's in the access methods' labels).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { ArtifactCodes } from "../report/record/test-profile.js";

import { ContractRegistry, readArtifacts } from "./network/contract-registry.js";

/** Creation codes (longest first), function selectors and names by deployed code of the project's artifacts. */
export async function artifactCodes(hre: Pick<HardhatRuntimeEnvironment, "artifacts">): Promise<ArtifactCodes> {
  return new ContractRegistry(await readArtifacts(hre)).codes;
}
