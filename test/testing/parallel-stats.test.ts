import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { conflictsOf, type ExecutionFacts, type TransactionFacts } from "../../src/testing/block-facts.js";
import { addBlock, writeStats, type ParallelStatsJson } from "../../src/testing/parallel-stats.js";

const TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const slot = (n: number): string => `storage:${TOKEN}:0x${n.toString(16).padStart(64, "0")}`;
const access = (location: string, label: string) => ({ location, kind: "storage" as const, address: TOKEN, label });

function transfer(index: number, reads: string[], writes: string[]): TransactionFacts {
  return {
    hash: `0x${String(index).padStart(64, "0")}`,
    index,
    from: `0x${String(index + 1).padStart(40, "0")}`,
    to: TOKEN,
    status: "success",
    contract: "Token",
    sourceName: "contracts/Token.sol",
    function: "transfer",
    reads: reads.map((l) => access(l, `Token._balances[${l.slice(-2)}]`)),
    writes: writes.map((l) => access(l, `Token._balances[${l.slice(-2)}]`)),
    deltas: [],
  };
}

function facts(transactions: TransactionFacts[]): ExecutionFacts {
  return {
    strategy: "sequential",
    reason: "test",
    executions: transactions.length,
    reExecutions: 1,
    transactions,
    conflicts: conflictsOf(transactions),
    variables: [],
  };
}

const empty = (run: string): ParallelStatsJson => ({
  tool: "hardhat-parallel",
  run,
  blocks: 0,
  transactions: 0,
  reExecutions: 0,
  contracts: {},
});

describe("testing: --parallel-stats-json statistics", () => {
  // tx 1 reads the balance tx 0 wrote: one read-after-write conflict; tx 2 is independent.
  const block = facts([
    transfer(0, [slot(1), slot(9)], [slot(1), slot(9)]),
    transfer(1, [slot(2), slot(9)], [slot(2), slot(9)]),
    transfer(2, [slot(3), slot(4)], [slot(3), slot(4)]),
  ]);

  it("counts calls and conflicts per function, keyed like --gas-stats-json", () => {
    const stats = empty("r");
    addBlock(stats, block);
    expect(Object.keys(stats.contracts)).to.deep.equal(["contracts/Token.sol:Token"]);
    const fn = stats.contracts["contracts/Token.sol:Token"]?.functions.transfer;
    expect(fn).to.deep.equal({
      calls: 3,
      conflicts: 1,
      blocking: 1,
      conflictsWith: { "Token.transfer": 2 },
      locations: { "Token._balances": 2 },
    });
    expect([stats.blocks, stats.transactions, stats.reExecutions]).to.deep.equal([1, 3, 1]);
  });

  it("processes of one run merge into the file; a file of another run is replaced", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "parallel-stats-"));
    try {
      const file = path.join(dir, "out", "parallel-stats.json");
      const a = empty("run-1");
      addBlock(a, block);
      writeStats(file, a);
      const b = empty("run-1");
      addBlock(b, block);
      writeStats(file, b);
      const merged = JSON.parse(readFileSync(file, "utf8")) as ParallelStatsJson;
      expect(merged.blocks).to.equal(2);
      expect(merged.contracts["contracts/Token.sol:Token"]?.functions.transfer?.calls).to.equal(6);
      writeStats(file, empty("run-2"));
      expect((JSON.parse(readFileSync(file, "utf8")) as ParallelStatsJson).blocks).to.equal(0);
      writeFileSync(file, "not json");
      writeStats(file, a);
      expect((JSON.parse(readFileSync(file, "utf8")) as ParallelStatsJson).run).to.equal("run-1");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
