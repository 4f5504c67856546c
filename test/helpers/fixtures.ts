import path from "node:path";
import { fileURLToPath } from "node:url";

import type { HardhatUserConfig } from "hardhat/config";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/** Absolute path of the repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Absolute path of a fixture project under test/fixtures. */
export function fixturePath(name: string): string {
  return path.join(REPO_ROOT, "test", "fixtures", name);
}

/** Creates a Hardhat runtime environment for a fixture project with an in-memory config. */
export function createFixtureHre(name: string, config: HardhatUserConfig): Promise<HardhatRuntimeEnvironment> {
  return createHardhatRuntimeEnvironment(config, {}, fixturePath(name));
}

/** Runs `fn` and returns the error it throws; fails if it does not throw. */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("expected an error, but none was thrown");
}
