import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

describe("tasks/parallel-node: `npx hardhat parallel-node`", () => {
  it("prints the accounts, serves JSON-RPC on --hostname/--port and shuts down cleanly on SIGINT", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, "parallel-node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: fixturePath("compat-project"),
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const start = Date.now();
      while (!output.includes("Account #19")) {
        if (Date.now() - start > 60_000 || child.exitCode !== null) throw new Error(`node did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).to.include(`Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:${port}/`);
      expect(output).to.include("Account #0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000 ETH)");
      expect(output).to.include("Private Key: 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
      const response = await fetch(`http://127.0.0.1:${port}`, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "eth_chainId" }),
      });
      expect(await response.json()).to.deep.equal({ jsonrpc: "2.0", id: 7, result: "0x7a69" });
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited, output).to.equal(0);
    expect(output).to.include("Server closed.");
  });

  it("says the port is taken and how to pick another, without an uncaught exception", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const address = busy.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const child = spawn(process.execPath, [CLI, "parallel-node", "--hostname", "127.0.0.1", "--port", String(port)], {
        cwd: fixturePath("compat-project"),
        env: { ...process.env, FORCE_COLOR: "0" },
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
});
