import { expect } from "chai";
import { Interface } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, bytecodeOf, comparableError, compatHre, outcomeOf, pick } from "./helpers/compat-pair.js";

const nested = new Interface(["function starve(address leaf) returns (bool ok)"]);
const RECEIPT = ["status", "gasUsed", "transactionHash", "contractAddress"];

/**
 * Init code that sets slot 0 to 1 and deploys `runtime` (see traces.test.ts); the parent clears its slot 0 and
 * DELEGATECALLs the address in its calldata, whose code sets slot 0 back to 1: the caller's refund undone, so a
 * limit from the gas used (after refunds) leaves the child too little.
 */
const deployWithSlot = (runtime: string): string =>
  `0x60015f5560${(runtime.length / 2).toString(16).padStart(2, "0")}80600d5f395ff3${runtime}`;
const DELEGATING_PARENT = "5f5f555f5f5f5f5f355af45000";
const RESTORES_SLOT = "60015f5500";

interface Sides {
  readonly edr: NetworkConnection;
  readonly parallel: NetworkConnection;
}

async function open(override: Record<string, unknown>): Promise<Sides> {
  const hre = await compatHre();
  return {
    edr: await hre.network.create({ network: "default", override }),
    parallel: await hre.network.create({ network: "parallel", override }),
  };
}

async function both(sides: Sides, method: string, params: unknown[]) {
  return {
    edr: await outcomeOf(sides.edr, method, structuredClone(params)),
    parallel: await outcomeOf(sides.parallel, method, structuredClone(params)),
  };
}

async function deployed(sides: Sides, data: string): Promise<string> {
  const { edr, parallel } = await both(sides, "eth_sendTransaction", [{ from: ALICE, data }]);
  if (!edr.ok || !parallel.ok) throw new Error("deployment failed");
  const receipt = (await sides.edr.provider.request({ method: "eth_getTransactionReceipt", params: [edr.result] })) as {
    contractAddress: string;
  };
  return receipt.contractAddress;
}

async function sentAlike(sides: Sides, tx: Record<string, unknown>): Promise<void> {
  const { edr, parallel } = await both(sides, "eth_sendTransaction", [tx]);
  expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
  if (!edr.ok || !parallel.ok) return;
  const receipts = await Promise.all([
    sides.edr.provider.request({ method: "eth_getTransactionReceipt", params: [edr.result] }),
    sides.parallel.provider.request({ method: "eth_getTransactionReceipt", params: [parallel.result] }),
  ]);
  expect(pick(receipts[1], RECEIPT)).to.deep.equal(pick(receipts[0], RECEIPT));
}

describe("compat: Hardhat's gas estimation modes (noInternalOutOfGas by default, topLevelSuccess)", () => {
  for (const mode of ["noInternalOutOfGas", "topLevelSuccess"]) {
    describe(mode, () => {
      let sides: Sides;
      let leaf: string;
      let caller: string;
      let parent: string;
      let child: string;

      before(async () => {
        sides = await open(mode === "topLevelSuccess" ? { gasEstimationMode: mode } : {});
        leaf = await deployed(sides, bytecodeOf("Nested.sol", "Leaf"));
        caller = await deployed(sides, bytecodeOf("Nested.sol", "Nested"));
        child = await deployed(sides, deployWithSlot(RESTORES_SLOT));
        parent = await deployed(sides, deployWithSlot(DELEGATING_PARENT));
      });
      after(async () => {
        await sides.edr.close();
        await sides.parallel.close();
      });

      it("an inner call that runs out of gas at any limit: the same estimate or error, and the same send", async () => {
        const tx = { from: ALICE, to: caller, data: nested.encodeFunctionData("starve", [leaf]) };
        const { edr, parallel } = await both(sides, "eth_estimateGas", [tx]);
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
        expect(edr.ok).to.equal(mode === "topLevelSuccess");
        await sentAlike(sides, tx);
      });

      it("an inner call that needs headroom above the gas used: the same estimate and send", async () => {
        const tx = { from: ALICE, to: parent, data: `0x${child.slice(2).padStart(64, "0")}` };
        const { edr, parallel } = await both(sides, "eth_estimateGas", [tx]);
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
        await sentAlike(sides, tx);
      });
    });
  }
});
