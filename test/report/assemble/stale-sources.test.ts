import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { CurrentBuildInfo } from "../../../src/report/assemble/current-build-infos.js";
import { assertFreshBuild, staleSources } from "../../../src/report/assemble/stale-sources.js";
import { ReportError } from "../../../src/report/errors.js";

const COUNTER = "contract Counter { uint public x; function inc() public { x++; } }\n";
const RULE = { testsDir: "test" };

describe("report/assemble: a run without compiling first refuses artifacts older than the sources", () => {
  let root: string;
  let info: CurrentBuildInfo;
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  };
  const check = () => ({ root, sourcesDirs: [path.join(root, "contracts")] });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "stale-"));
    write("contracts/Counter.sol", COUNTER);
    write("contracts/Counter.t.sol", "contract CounterTest {}\n");
    write("contracts/free.sol", "function twice(uint a) pure returns (uint) { return 2 * a; }\n");
    const input = path.join(root, "artifacts/build-info/solc-1.json");
    write("artifacts/build-info/solc-1.json", "");
    writeFileSync(
      input,
      JSON.stringify({
        input: {
          sources: {
            "project/contracts/Counter.sol": { content: COUNTER },
            "npm/@openzeppelin/contracts@5.0.0/token/ERC20/ERC20.sol": { content: "library X {}" },
          },
        },
      }),
    );
    info = {
      id: "solc-1",
      inputFile: input,
      outputFile: `${input}.output`,
      contracts: ["contracts/Counter.sol:Counter"],
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes when the sources are what was compiled (tests, sources without contracts and packages ignored)", async () => {
    expect(await staleSources([info], check(), RULE)).to.deep.equal([]);
    await assertFreshBuild([info], check(), RULE);
  });

  it("names a changed, a deleted and a never-compiled source, and says how to fix it", async () => {
    write("contracts/Counter.sol", COUNTER.replace("x++", "x += 2"));
    write("contracts/Vault.sol", "contract Vault {}\n");
    expect(await staleSources([info], check(), RULE)).to.deep.equal([
      "contracts/Counter.sol (changed)",
      "contracts/Vault.sol (not compiled)",
    ]);
    rmSync(path.join(root, "contracts/Counter.sol"));
    const error = await assertFreshBuild([info], check(), RULE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ReportError);
    expect((error as Error).message).to.include("contracts/Counter.sol (deleted), contracts/Vault.sol (not compiled)");
    expect((error as Error).message).to.include("Drop --no-compile");
  });

  it("says there is no build at all when nothing was ever compiled (or it was cleaned), and passes with no sources", async () => {
    const error = await assertFreshBuild([], check(), RULE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).to.include(
      "--no-compile found no build of contracts/Counter.sol: the project was never compiled, or was cleaned since.",
    );
    rmSync(path.join(root, "contracts"), { recursive: true });
    await assertFreshBuild([], check(), RULE);
  });
});
