/**
 * A scratch copy of the report fixture project for task tests: runs `parallel-report` with an in-memory config
 * and returns the JSON report and the exit code, and edits sources between runs (incremental compiles, as a
 * user's edit loop does).
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatParallel from "../../../src/index.js";
import type { ParallelReport } from "../../../src/report/report-model.js";
import { fixturePath } from "../../helpers/fixtures.js";

/** Workloads as the `parallel.workloads` config takes them. */
export type WorkloadList = NonNullable<
  NonNullable<Parameters<typeof createHardhatRuntimeEnvironment>[0]["parallel"]>["workloads"]
>;

/** A vault with a global total and per-user shares: the base the refactor and project-shape tests edit. */
export const VAULT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Vault {
    uint256 public totalAssets;
    mapping(address => uint256) public shares;

    function deposit(uint256 amount) external {
        shares[msg.sender] += amount;
        totalAssets += amount;
    }
}
`;

/** One call of a call-mix workload. */
export interface MixCall {
  readonly contract: string;
  readonly function: string;
  readonly args?: string[];
}

/** A call-mix workload: 20 accounts making `transactions` (40) calls of `call` in blocks of 20. */
export function callMix(
  name: string,
  call: MixCall,
  extra: { readonly transactions?: number; readonly seed?: number } = {},
): WorkloadList[number] {
  const seed = extra.seed === undefined ? {} : { seed: extra.seed };
  const blocks = { accounts: 20, transactions: extra.transactions ?? 40, blockSize: 20 };
  return { name, template: "call-mix", ...blocks, ...seed, options: { calls: [call] } };
}

/** The default workload: 60 calls of `Ledger.bump()` by 20 accounts. */
export const BUMPS: WorkloadList = [callMix("bumps", { contract: "Ledger", function: "bump" }, { transactions: 60 })];

/** A scratch report project. */
export class ReportProject {
  readonly root: string;

  constructor(name: string) {
    this.root = fixturePath(name);
  }

  /** Copies the fixture (and `extra` files) into a fresh folder. */
  async create(extra: Readonly<Record<string, string>> = {}): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
    await cp(fixturePath("report-project"), this.root, { recursive: true });
    for (const [file, text] of Object.entries(extra)) await this.write(file, text);
  }

  remove(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }

  /** Path of a project file. */
  file(name: string): string {
    return path.join(this.root, name);
  }

  read(name: string): Promise<string> {
    return readFile(this.file(name), "utf8");
  }

  async write(name: string, text: string): Promise<void> {
    await mkdir(path.dirname(this.file(name)), { recursive: true });
    await writeFile(this.file(name), text);
  }

  /** Runs `parallel-report` (quiet, JSON only) and returns the report and the exit code. */
  async run(
    args: Record<string, unknown>,
    workloads: WorkloadList = BUMPS,
  ): Promise<{ report: ParallelReport; exitCode: number | undefined }> {
    const previous = process.exitCode;
    process.exitCode = undefined;
    const original = console.log;
    console.log = () => {};
    try {
      const hre = await createHardhatRuntimeEnvironment(
        { plugins: [hardhatParallel], solidity: "0.8.28", parallel: { report: { formats: ["json"] }, workloads } },
        {},
        this.root,
      );
      await hre.tasks.getTask("parallel-report").run({ quiet: true, ...args });
      const json = await readFile(path.join(this.root, "parallel-report", "parallel-report.json"), "utf8");
      return { report: JSON.parse(json) as ParallelReport, exitCode: process.exitCode as number | undefined };
    } finally {
      console.log = original;
      process.exitCode = previous;
    }
  }
}
