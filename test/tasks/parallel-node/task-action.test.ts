import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { defaultHostname } from "../../../src/tasks/parallel-node/task-action.js";
import { REPO_ROOT, fixturePath } from "../../helpers/fixtures.js";
import { freePort } from "../../helpers/free-port.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

/**
 * Runtime code that hashes a word 1,024 times (≈ 76k gas), with no storage, so 200 calls from 200 senders are
 * independent. The fixture sets `fallback: "never"`, so the block runs with Block-STM whatever the machine's speed
 * (the adaptive policy's time thresholds play no part).
 */
const HASH_LOOP_RUNTIME = "6104005b6020600020600052600190038060035700";
/** Init code returning {@link HASH_LOOP_RUNTIME}. */
const HASH_LOOP_INIT = `0x6015600c60003960156000f3${HASH_LOOP_RUNTIME}`;

interface RunningNode {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

async function startNode(fixture: string, env: Record<string, string> = {}, accounts = 20): Promise<RunningNode> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "parallel-node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: fixturePath(fixture),
    env: { ...process.env, FORCE_COLOR: "0", ...env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const start = Date.now();
  while (!output.includes(`Account #${accounts - 1}:`)) {
    if (Date.now() - start > 60_000 || child.exitCode !== null) {
      child.kill("SIGINT");
      throw new Error(`node did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function batch(url: string, calls: ReadonlyArray<[string, unknown[]]>): Promise<unknown[]> {
  const body = calls.map(([method, params], id) => ({ jsonrpc: "2.0", id, method, params }));
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  const answers = (await response.json()) as Array<{ id: number; result?: unknown; error?: { message: string } }>;
  const failed = answers.find((a) => a.error !== undefined);
  if (failed !== undefined) throw new Error(`${calls[failed.id]?.[0]}: ${failed.error?.message}`);
  return answers.sort((a, b) => a.id - b.id).map((a) => a.result);
}

function sender(i: number): string {
  return `0x${(0x1000 + i).toString(16).padStart(40, "0")}`;
}

describe("tasks/parallel-node: `npx hardhat parallel-node`", function () {
  this.timeout(180_000);

  it("binds 127.0.0.1 by default and every interface inside Docker, as `hardhat node` does", () => {
    expect(defaultHostname(undefined, false)).to.equal("127.0.0.1");
    expect(defaultHostname(undefined, true)).to.equal("0.0.0.0");
    expect(defaultHostname("::1", true)).to.equal("::1");
  });

  it("prints the accounts, serves JSON-RPC on --hostname/--port and shuts down cleanly on SIGINT", async () => {
    const node = await startNode("compat-project");
    try {
      expect(node.output()).to.include(`Started HTTP and WebSocket JSON-RPC server at ${node.url}/`);
      // `hardhat node`'s listing (test/compat/node-request-log.test.ts compares it line by line).
      expect(node.output()).to.include("Account #0:  0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 (10000 ETH)");
      expect(node.output()).to.include(
        "Private Key: 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      );
      const response = await fetch(node.url, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "eth_chainId" }),
      });
      expect(await response.json()).to.deep.equal({ jsonrpc: "2.0", id: 7, result: "0x7a69" });
    } finally {
      node.child.kill("SIGINT");
    }
    expect(await node.exited, node.output()).to.equal(0);
    expect(node.output()).to.include("Server closed.");
  });

  it("takes the default network's chain id and accounts, as the plugin's network does", async () => {
    // The fixture's default network: chain id 31338, 3 accounts of 42 ETH from another mnemonic, and
    // `allowUnlimitedContractSize` (the init code returns 24,577 zero bytes, one over the EIP-170 limit).
    const node = await startNode("node-settings-project", {}, 3);
    const expected = [
      "0x627306090abaB3A6e1400e9345bC60c78a8BEf57",
      "0xf17f52151EbEF6C7334FAD080c5704D77216b732",
      "0xC5fdf4076b8F3A5357c5E395ab970B5B54098Fef",
    ];
    try {
      expect(await rpc(node.url, "eth_chainId")).to.equal("0x7a6a");
      expect(await rpc(node.url, "eth_accounts")).to.deep.equal(expected.map((a) => a.toLowerCase()));
      expect(await rpc(node.url, "eth_getBalance", [expected[2], "latest"])).to.equal("0x246ddf97976680000");
      // As `hardhat node` lists accounts other than Hardhat's default ones: no private keys, no warning.
      expect(node.output()).to.include(`Account #0: ${expected[0]?.toLowerCase()} (42 ETH)`);
      expect(node.output()).to.not.include("Private Key:");
      expect(node.output()).to.not.include("WARNING");
      expect(node.output()).to.not.include("Account #3:");
      const deploy = { from: expected[0], data: "0x6160016000f3", gas: "0x989680" };
      const hash = await rpc(node.url, "eth_sendTransaction", [deploy]);
      const receipt = (await rpc(node.url, "eth_getTransactionReceipt", [hash])) as Record<string, string>;
      expect(receipt.status).to.equal("0x1");
      const code = (await rpc(node.url, "eth_getCode", [receipt.contractAddress, "latest"])) as string;
      expect(code.length).to.equal(2 + 2 * 24_577);
    } finally {
      node.child.kill("SIGINT");
    }
    expect(await node.exited, node.output()).to.equal(0);
  });

  it("fills a send's fees and gas and words its errors as `hardhat node` does", async () => {
    const node = await startNode("node-settings-project", {}, 3);
    try {
      const [from] = (await rpc(node.url, "eth_accounts")) as string[];
      const history = (await rpc(node.url, "eth_feeHistory", ["0x1", "latest", [50]])) as { baseFeePerGas: string[] };
      const nextBaseFee = BigInt(history.baseFeePerGas.at(-1) ?? "0x0");
      const hash = await rpc(node.url, "eth_sendTransaction", [{ from, to: from, value: "0x1" }]);
      const tx = (await rpc(node.url, "eth_getTransactionByHash", [hash])) as Record<string, string>;
      // Hardhat's automatic gas price (next base fee × 81/64) and gas (the estimate: 21,001 for a transfer).
      expect(BigInt(tx.maxFeePerGas ?? "0x0")).to.equal((nextBaseFee * 81n) / 64n);
      expect(tx.gas).to.equal("0x5209");
      const raw = async (method: string, params: unknown[]) => {
        const response = await fetch(node.url, {
          method: "POST",
          body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
        });
        return ((await response.json()) as { error: { code: number; message: string; data: unknown } }).error;
      };
      const unknown = await raw("eth_foo", []);
      expect(unknown).to.deep.equal({ code: -32004, message: unknown.message, data: { message: unknown.message } });
      const reverted = await raw("eth_call", [{ from, data: "0x60006000fd" }, "latest"]);
      expect(reverted.code).to.equal(3);
      expect(reverted.data).to.equal("0x");
      // The request log, as `hardhat node` prints one: the send's summary, the unknown method, the failed call.
      const colours = ["\u001B[31m", "\u001B[32m", "\u001B[0m"];
      const log = colours.reduce(
        (text, c) => text.replaceAll(c, ""),
        node.output().slice(node.output().indexOf("Account #2:")),
      );
      expect(log).to.match(new RegExp(`\neth_sendTransaction\n {2}Transaction: +${String(hash)}\n`));
      expect(log).to.include("\neth_foo - Method not supported\n");
      expect(log).to.match(
        /\neth_call\n {2}Contract deployment: +<UnrecognizedContract>\n[^]*?\n {2}Error: Transaction reverted without a reason\n/,
      );
    } finally {
      node.child.kill("SIGINT");
    }
    expect(await node.exited, node.output()).to.equal(0);
  });

  it("runs a 200-transaction block with Block-STM on the configured workers and records the profile", async () => {
    const profileDir = await mkdtemp(path.join(os.tmpdir(), "parallel-node-profile-"));
    const node = await startNode("node-project", { HARDHAT_PARALLEL_PROFILE_DIR: profileDir });
    try {
      const [deployer = ""] = (await rpc(node.url, "eth_accounts")) as string[];
      const deployHash = await rpc(node.url, "eth_sendTransaction", [{ from: deployer, data: HASH_LOOP_INIT }]);
      const deployed = (await rpc(node.url, "eth_getTransactionReceipt", [deployHash])) as { contractAddress: string };
      const senders = Array.from({ length: 200 }, (_, i) => sender(i));
      await batch(
        node.url,
        senders.flatMap((s): Array<[string, unknown[]]> => [
          ["hardhat_impersonateAccount", [s]],
          ["hardhat_setBalance", [s, "0x56bc75e2d63100000"]],
        ]),
      );
      await rpc(node.url, "evm_setAutomine", [false]);
      const to = deployed.contractAddress;
      await batch(
        node.url,
        senders.map((from): [string, unknown[]] => ["eth_sendTransaction", [{ from, to, gas: "0x30d40" }]]),
      );
      await rpc(node.url, "evm_mine");
      const stats = (await rpc(node.url, "parallel_getBlockStatistics", ["latest"])) as Record<string, unknown>;
      expect(stats.transactions).to.equal(200);
      expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
      expect(stats.lanes).to.equal(2);
      expect(stats.faults).to.deep.equal([]);
      const block = (await rpc(node.url, "eth_getBlockByNumber", ["latest", true])) as { gasUsed: string };
      expect(Number(BigInt(block.gasUsed))).to.be.greaterThan(200 * 70_000);
    } finally {
      node.child.kill("SIGINT");
    }
    expect(await node.exited, node.output()).to.equal(0);
    try {
      const files = (await readdir(profileDir)).filter((f) => f.endsWith(".jsonl"));
      expect(files).to.have.length(1);
      const lines = (await readFile(path.join(profileDir, files[0] ?? ""), "utf8")).trim().split("\n");
      expect(JSON.parse(lines[0] ?? "")).to.deep.equal({ format: "hardhat-parallel-profile", version: 2 });
      expect(lines).to.have.length(1 + 201);
    } finally {
      await rm(profileDir, { recursive: true, force: true });
    }
  });

  it("says the port is taken and how to pick another, without an uncaught exception", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const address = busy.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      // As a user sees it at a terminal: under CI=true Hardhat itself appends every error's stack trace.
      const { CI: _ci, GITHUB_ACTIONS: _gha, ...env } = process.env;
      const child = spawn(process.execPath, [CLI, "parallel-node", "--hostname", "127.0.0.1", "--port", String(port)], {
        cwd: fixturePath("compat-project"),
        env: { ...env, FORCE_COLOR: "0" },
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code, output).to.equal(1);
      expect(output).to.include(`parallel-node cannot listen on 127.0.0.1:${port}: the port is already in use`);
      expect(output).to.include("--port <number>");
      expect(output).to.not.match(/Uncaught|unexpected error|at Server\.|node:events/i);
    } finally {
      busy.close();
    }
  });

  for (const [args, said] of [
    [
      ["--port", "99999"],
      `parallel-node cannot listen on ${defaultHostname(undefined)}:99999: --port must be an integer from 0 to 65535, got 99999`,
    ],
    [
      ["--hostname", "no-such-host.invalid", "--port", "0"],
      "parallel-node cannot listen on no-such-host.invalid:0: no such host",
    ],
  ] as const) {
    it(`refuses ${args.join(" ")} naming the value and the fix, without a stack or "report a bug"`, async () => {
      const { CI: _ci, GITHUB_ACTIONS: _gha, ...env } = process.env;
      const child = spawn(process.execPath, [CLI, "parallel-node", ...args], {
        cwd: fixturePath("compat-project"),
        env: { ...env, FORCE_COLOR: "0" },
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code, output).to.equal(1);
      expect(output).to.include(said);
      expect(output).to.include("--hostname");
      expect(output).to.not.match(/report-bug|bug in Hardhat|^\s+at /im);
    });
  }
});
