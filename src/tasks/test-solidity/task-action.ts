/**
 * Override of Hardhat's `test solidity`: Hardhat 3 runs Solidity tests (`*.t.sol`) on its own EDR network
 * whatever `--network` says, so under `--network parallel` they would silently not touch the parallel
 * runtime. When the selected network is the plugin's and the project has Solidity test files, this prints a
 * warning saying so, then runs Hardhat's task unchanged.
 */
import type { TaskArguments } from "hardhat/types/tasks";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/** What the warning needs from the runtime environment. */
export type SolidityTestEnvironment = Pick<HardhatRuntimeEnvironment, "globalOptions" | "solidity"> & {
  readonly config: { readonly parallel: { readonly networkName: string } };
};

/** The project's Solidity test files (absolute paths), in Hardhat's notion of the `tests` scope. */
async function solidityTestFiles(hre: SolidityTestEnvironment): Promise<string[]> {
  // Tests are build roots of the default scope, or only of the `tests` scope when compiled separately.
  const roots = await hre.solidity.getRootFilePaths();
  const separate = await hre.solidity.getRootFilePaths({ scope: "tests" }).catch(() => []);
  const local = [...new Set([...roots, ...separate])].filter((root) => !root.startsWith("npm:"));
  const scopes = await Promise.all(local.map((root) => hre.solidity.getScope(root)));
  return local.filter((_, at) => scopes[at] === "tests");
}

/** The warning to print, or undefined when the network is not the plugin's or there is no Solidity test. */
export async function solidityTestWarning(hre: SolidityTestEnvironment): Promise<string | undefined> {
  const network = hre.config.parallel.networkName;
  if (hre.globalOptions.network !== network) return undefined;
  const files = await solidityTestFiles(hre);
  if (files.length === 0) return undefined;
  return (
    `hardhat-parallel: Hardhat runs Solidity tests (${files.length} file${files.length === 1 ? "" : "s"}) on its own ` +
    `network, not on "${network}", even with --network ${network}. Only TypeScript/JavaScript tests ` +
    `(mocha, node:test) run on the parallel network; run \`npx hardhat test mocha --network ${network}\` ` +
    `or \`npx hardhat test nodejs --network ${network}\` to test it alone.`
  );
}

/** The `test solidity` override. */
export default async function testSolidity(
  args: TaskArguments,
  hre: HardhatRuntimeEnvironment,
  runSuper: (args: TaskArguments) => Promise<unknown>,
): Promise<unknown> {
  const warning = await solidityTestWarning(hre);
  if (warning !== undefined) console.warn(`\n${warning}\n`);
  return runSuper(args);
}
