import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { HardhatUserConfig } from "hardhat/config";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatParallel from "../../../src/index.js";
import { declaredSolcRange, findInstalledSolcBuilds } from "../../../src/plugin/solc/installed-solc.js";
import { REPO_ROOT, createFixtureHre, errorOf, fixturePath } from "../../helpers/fixtures.js";

function config(solidity: HardhatUserConfig["solidity"]): HardhatUserConfig {
  return { plugins: [hardhatParallel], solidity };
}

describe("offline solc wiring", () => {
  it("finds the solc package and its npm aliases from a nested project", () => {
    const builds = findInstalledSolcBuilds(fixturePath("basic-project"));
    expect(builds.get("0.8.28")?.soljsonPath).to.equal(path.join(REPO_ROOT, "node_modules/solc/soljson.js"));
    expect(builds.get("0.7.6")?.installedAs).to.equal("solc-0.7.6");
    expect(builds.get("0.5.16")?.installedAs).to.equal("solc-0.5.16");
  });

  it("points every compiler of every profile at the local build and asks for storageLayout", async () => {
    const hre = await createFixtureHre(
      "basic-project",
      config({
        profiles: {
          default: {
            compilers: [{ version: "0.8.28" }, { version: "0.7.6" }],
            overrides: { "contracts/Old.sol": { version: "0.5.16" } },
          },
        },
      }),
    );
    const profile = hre.config.solidity.profiles.default;
    expect(profile?.compilers.map((c) => c.path)).to.deep.equal([
      path.join(REPO_ROOT, "node_modules/solc/soljson.js"),
      path.join(REPO_ROOT, "node_modules/solc-0.7.6/soljson.js"),
    ]);
    expect(profile?.overrides["contracts/Old.sol"]?.path).to.equal(
      path.join(REPO_ROOT, "node_modules/solc-0.5.16/soljson.js"),
    );
    for (const compiler of profile?.compilers ?? []) {
      expect(compiler.settings.outputSelection["*"]["*"]).to.include("storageLayout");
    }
    expect(hre.config.solidity.profiles.production?.compilers[0]?.path).to.match(/soljson\.js$/);
  });

  it("fails with the npm command when a version has no local build", async () => {
    const error = await errorOf(() => createFixtureHre("basic-project", config("0.8.21")));
    expect(error.message).to.include("No local solc build for Solidity 0.8.21");
    expect(error.message).to.include("npm install --save-dev solc-0.8.21@npm:solc@0.8.21");
    expect(error.message).to.include("solidity.profiles.default.compilers[0]");
  });

  it("explains a solc range in package.json that npm moved off the configured version", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "hardhat-parallel-caret-"));
    try {
      const pkg = { type: "module", devDependencies: { hardhat: "^3.0.0", solc: "^0.8.21" } };
      await writeFile(path.join(root, "package.json"), JSON.stringify(pkg));
      const error = await errorOf(() => createHardhatRuntimeEnvironment(config("0.8.21"), {}, root));
      expect(error.message).to.include('package.json asks for solc "^0.8.21", a range');
      expect(error.message).to.include("npm install --save-dev --save-exact solc@0.8.21");
      expect(error.message).to.include('parallel.solc: "hardhat"');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("tells exact solc versions and aliases from ranges", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "hardhat-parallel-range-"));
    const declared = async (solc: string | undefined): Promise<string | undefined> => {
      await writeFile(
        path.join(root, "package.json"),
        JSON.stringify({ devDependencies: solc === undefined ? {} : { solc } }),
      );
      return declaredSolcRange(root);
    };
    try {
      expect(await declared("^0.8.28")).to.equal("^0.8.28");
      expect(await declared("~0.8.28")).to.equal("~0.8.28");
      expect(await declared("latest")).to.equal("latest");
      expect(await declared("0.8.28")).to.equal(undefined);
      expect(await declared("npm:solc@0.8.28")).to.equal(undefined);
      expect(await declared(undefined)).to.equal(undefined);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('leaves compilers to Hardhat with parallel.solc: "hardhat", still asking for storageLayout', async () => {
    const hre = await createFixtureHre("basic-project", {
      ...config({ compilers: [{ version: "0.8.21" }, { version: "0.8.28" }] }),
      parallel: { solc: "hardhat" },
    });
    const compilers = hre.config.solidity.profiles.default?.compilers ?? [];
    expect(compilers.map((c) => c.path)).to.deep.equal([undefined, undefined]);
    for (const compiler of compilers) expect(compiler.settings.outputSelection["*"]["*"]).to.include("storageLayout");
    expect(hre.config.parallel.solc).to.equal("hardhat");
  });

  it("refuses a user path whose build has another version", async () => {
    const wrong = path.join(REPO_ROOT, "node_modules/solc-0.7.6/soljson.js");
    const error = await errorOf(() => createFixtureHre("basic-project", config({ version: "0.8.28", path: wrong })));
    expect(error.message).to.include("asks for Solidity 0.8.28 but its `path` points to a solc build of version 0.7.6");
  });

  it("keeps a user path of the right version", async () => {
    const right = path.join(REPO_ROOT, "node_modules/solc-0.7.6/soljson.js");
    const hre = await createFixtureHre("basic-project", config({ version: "0.7.6", path: right }));
    expect(hre.config.solidity.profiles.default?.compilers[0]?.path).to.equal(right);
  });

  it("compiles offline and the build info holds the storage layout", async () => {
    const hre = await createFixtureHre("basic-project", config("0.8.28"));
    await hre.tasks.getTask("build").run({ quiet: true, force: true });
    const dir = path.join(fixturePath("basic-project"), "artifacts", "build-info");
    const outputs = (await readdir(dir)).filter((f) => f.endsWith(".output.json"));
    expect(outputs).to.have.length.greaterThan(0);
    const output = JSON.parse(await readFile(path.join(dir, outputs[0] ?? ""), "utf8")) as {
      output: { contracts: Record<string, Record<string, { storageLayout?: { storage: Array<{ label: string }> } }>> };
    };
    const counter = output.output.contracts["project/contracts/Counter.sol"]?.Counter;
    expect(counter?.storageLayout?.storage.map((s) => s.label)).to.deep.equal([
      "total",
      "counts",
      "packedA",
      "packedB",
    ]);
  });
});
