/**
 * The version of hardhat-parallel, read once from its package.json (found by walking up from this module,
 * so it works from the sources and from the build alike). Shown in the report and in web3_clientVersion.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === "hardhat-parallel" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // No package.json here: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("hardhat-parallel's package.json was not found above its modules");
    dir = parent;
  }
}

/** The package's version (`0.1.0`). */
export const PACKAGE_VERSION: string = readVersion();
