import { execFileSync } from "node:child_process";

import { Account, bytesToHex, createAddressFromString, hexToBytes, type Address } from "@ethereumjs/util";
import { expect } from "chai";
import { Interface } from "ethers";

import { createEvmContext, type EvmContext } from "../../../src/runtime/evm/evm-context.js";
import { loadInterpreterModule } from "../../../src/runtime/evm/evm-internals.js";
import { hasExpectedShape } from "../../../src/runtime/evm/interpreter-shape.js";
import {
  hookSteps,
  installSyncSteps,
  type ReplacementRun,
  setSyncStepsEnabled,
  STOCK_INTERPRETER_VARIABLE,
  takeSyncStepCounts,
} from "../../../src/runtime/evm/sync-steps.js";
import { REPO_ROOT } from "../../helpers/fixtures.js";
import { compileFuzzContracts, type CompiledContracts } from "../parallel/helpers/compile-contracts.js";

const SENDER = createAddressFromString(`0x${"a11ce".padStart(40, "0")}`);
const LOGGER = createAddressFromString(`0x${"1099e7".padStart(40, "0")}`);

/** One call: a creation (`to` undefined) or a call of deployed contract `to` (by name) or address. */
interface Call {
  readonly to?: string;
  readonly data: string;
  readonly gasLimit?: bigint;
  readonly value?: bigint;
  readonly isStatic?: boolean;
}

/** Everything a run shows: result, gas, return data, logs, refunds, the created address and the step trace. */
interface Outcome {
  readonly error: string | undefined;
  readonly gas: bigint;
  readonly refund: bigint | undefined;
  readonly returned: string;
  readonly logs: string[];
  readonly created: string | undefined;
  readonly trace: string[];
}

interface Side {
  readonly context: EvmContext;
  readonly deployed: Map<string, Address>;
}

async function side(): Promise<Side> {
  const context = await createEvmContext({ chainId: 31337n, hardfork: "prague", blockHash: () => undefined });
  await context.vm.stateManager.putAccount(SENDER, new Account(0n, 10n ** 24n));
  // LOG1 of 32 bytes at 0: called with STATICCALL it must fail with a static state change.
  await context.vm.stateManager.putCode(LOGGER, hexToBytes("0x602a60005260ff60206000a100"));
  return { context, deployed: new Map() };
}

async function run(s: Side, call: Call, enabled: boolean, traced: boolean): Promise<Outcome> {
  setSyncStepsEnabled(enabled);
  const trace: string[] = [];
  const listener = (step: { pc: number; opcode: { name: string }; gasLeft: bigint; stack: bigint[]; depth: number }) =>
    trace.push(`${step.depth}:${step.pc}:${step.opcode.name}:${step.gasLeft}:${step.stack.join(",")}`);
  if (traced) s.context.vm.evm.events?.on("step", listener);
  try {
    const to = call.to === undefined ? undefined : (s.deployed.get(call.to) ?? createAddressFromString(call.to));
    const result = await s.context.vm.evm.runCall({
      caller: SENDER,
      to,
      data: hexToBytes(call.data as `0x${string}`),
      gasLimit: call.gasLimit ?? 3_000_000n,
      value: call.value ?? 0n,
      isStatic: call.isStatic === true,
    });
    const exec = result.execResult;
    return {
      error: exec.exceptionError?.error,
      gas: exec.executionGasUsed,
      refund: exec.gasRefund,
      returned: bytesToHex(exec.returnValue),
      logs: (exec.logs ?? []).map((log) =>
        JSON.stringify(log.map((part) => (Array.isArray(part) ? part.map(bytesToHex) : bytesToHex(part)))),
      ),
      created: result.createdAddress?.toString(),
      trace,
    };
  } finally {
    setSyncStepsEnabled(true);
    s.context.vm.evm.events?.off("step", listener);
  }
}

function calls(compiled: CompiledContracts): Array<Call & { readonly deploy?: string }> {
  const iface = (name: string) => new Interface(compiled[name]?.abi as never);
  const token = iface("Token");
  const address = (n: number) => `0x${(0x1000 + n).toString(16).padStart(40, "0")}`;
  const list: Array<Call & { readonly deploy?: string }> = [];
  for (const name of ["Token", "Pool", "Nft", "Game", "Factory", "Misc"])
    list.push({ deploy: name, data: compiled[name]?.bytecode ?? "0x" });
  const t = (fn: string, args: unknown[], gasLimit?: bigint) => ({
    to: "Token",
    data: token.encodeFunctionData(fn, args),
    gasLimit,
  });
  list.push(
    t("mint", [SENDER.toString(), 10n ** 20n]),
    t("transfer", [address(1), 5n]),
    t("transfer", [address(2), 10n ** 30n]),
  );
  list.push(t("approve", [address(3), 7n]), t("transferFrom", [SENDER.toString(), address(4), 1n]));
  list.push({ to: "Pool", data: iface("Pool").encodeFunctionData("swap", [10n ** 18n, true]) });
  list.push({ to: "Pool", data: iface("Pool").encodeFunctionData("swap", [3n * 10n ** 17n, false]) });
  list.push({ to: "Nft", data: iface("Nft").encodeFunctionData("mint", []) });
  list.push({ to: "Game", data: iface("Game").encodeFunctionData("move", [3n, true]) });
  const factory = iface("Factory");
  list.push({ to: "Factory", data: factory.encodeFunctionData("create", [false]), value: 5n });
  list.push({ to: "Factory", data: factory.encodeFunctionData("create2", [`0x${"11".repeat(32)}`, true]) });
  list.push({ to: "Factory", data: factory.encodeFunctionData("createAndKill", [`0x${"22".repeat(32)}`]) });
  const misc = iface("Misc");
  list.push(
    { to: "Misc", data: misc.encodeFunctionData("fail", [0n]) },
    { to: "Misc", data: misc.encodeFunctionData("fail", [1n]) },
  );
  list.push({ to: "Misc", data: misc.encodeFunctionData("readCoinbase", []) });
  // Out of gas at many points of a hashing loop and of a transfer (memory expansion, SSTORE, LOG, ...).
  for (const gasLimit of [0n, 3n, 30n, 700n, 2_300n, 5_000n, 9_000n, 22_000n, 26_000n, 31_000n, 40_000n])
    list.push(
      { to: "Misc", data: misc.encodeFunctionData("burn", [12n]), gasLimit },
      t("transfer", [address(5), 1n], gasLimit),
    );
  return list;
}

/** Raw programs for each synchronous gas twin and the errors around them. */
const PROGRAMS: readonly string[] = [
  "0x60ff600a0a600052600860200a60205260406000f3", // EXP, MSTORE, RETURN
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff60020a600052", // EXP, large exponent
  "0x602060006000376020600020600052600160ff53600160ff5360406000f3", // CALLDATACOPY, KECCAK256, MSTORE8
  "0x60206000600039602060206020396040600060205e60606000f3", // CODECOPY, MCOPY
  "0x6000600060006000600073" + LOGGER.toString().slice(2) + "5af1506001600060003e", // RETURNDATACOPY out of bounds
  "0x60006000600073" + LOGGER.toString().slice(2) + "5afa60005260206000f3", // STATICCALL into LOG1: fails
  "0x60016000a060016000a1600260016000a2600360026001600a6000a3600460036002600160006000a4", // LOG0..LOG4
  "0x6001630fffffff52", // MSTORE far away: out of gas in memory expansion
  "0x6001600052600160206000fd", // REVERT with data
  "0x600a56", // JUMP to a non-JUMPDEST
  "0x01", // stack underflow
  "0x0c", // undefined opcode
  "0xfe", // INVALID
  "0x5b600160015600", // JUMPDEST loop ... ends at a JUMP back
];

describe("runtime/evm: the interpreter without a promise per opcode", function () {
  this.timeout(120_000);
  let compiled: CompiledContracts;

  before(async () => {
    compiled = compileFuzzContracts();
    expect(await installSyncSteps()).to.equal(true);
  });

  it("finds @ethereumjs's interpreter in the shape it repeats, and not a changed one", async () => {
    const module = (await loadInterpreterModule()) as { Interpreter: { prototype: Record<string, unknown> } };
    const proto = module.Interpreter.prototype;
    const run = proto.run as ReplacementRun;
    expect(run.stock, "the replacement is installed").to.be.a("function");
    const methods = ["runStep", "useGas", "lookupOpInfo", "_getValidJumpDestinations"] as const;
    const stock = { run: run.stock, ...Object.fromEntries(methods.map((m) => [m, proto[m]])) };
    expect(hasExpectedShape(stock)).to.equal(true);
    const text = (f: unknown) => ({ toString: () => String(f) });
    const added = String(proto.runStep).replace("this.useGas(gas, opInfo);", "this.useGas(gas, opInfo); this.x = 1;");
    expect(hasExpectedShape({ ...stock, runStep: text(added) })).to.equal(false);
    const removed = String(run.stock).replace("this._runState.env.accessWitness?.revert();", "");
    expect(hasExpectedShape({ ...stock, run: text(removed) })).to.equal(false);
    expect(hasExpectedShape({ ...stock, useGas: undefined })).to.equal(false);
  });

  it("gives the same gas, return data, logs, reverts and out-of-gas points as @ethereumjs's own loop", async () => {
    const [stock, fast] = [await side(), await side()];
    takeSyncStepCounts();
    let compared = 0;
    for (const call of calls(compiled)) {
      const [a, b] = [await run(stock, call, false, false), await run(fast, call, true, false)];
      expect(b, `${call.deploy ?? call.to} ${call.data.slice(0, 10)} gas ${call.gasLimit}`).to.deep.equal(a);
      if (call.deploy !== undefined && a.created !== undefined)
        for (const s of [stock, fast]) s.deployed.set(call.deploy, createAddressFromString(a.created));
      compared++;
    }
    const kinds = new Set<string>();
    for (const code of PROGRAMS) {
      const call = { to: LOGGER.toString(), data: "0x" };
      for (const s of [stock, fast]) await s.context.vm.stateManager.putCode(LOGGER, hexToBytes(code as `0x${string}`));
      const programCall = { ...call, gasLimit: 100_000n };
      const [a, b] = [await run(stock, programCall, false, false), await run(fast, programCall, true, false)];
      expect(b, code).to.deep.equal(a);
      kinds.add(a.error?.split(" at ")[0] ?? "ok");
    }
    const counts = takeSyncStepCounts();
    expect(compared).to.be.greaterThan(40);
    expect(counts.sync, "opcodes on the synchronous path").to.be.greaterThan(5_000);
    expect(counts.delegated, "opcodes through runStep (SSTORE, CALL, CREATE, ...)").to.be.lessThan(counts.sync / 10);
    expect([...kinds]).to.include.members([
      "ok",
      "out of gas",
      "revert",
      "invalid JUMP",
      "stack underflow",
      "invalid opcode",
    ]);
  });

  it("leaves step tracing to @ethereumjs's own runStep, with the same trace", async () => {
    const [stockTraced, fastTraced, fastPlain] = [await side(), await side(), await side()];
    for (const call of calls(compiled).slice(0, 16)) {
      const b = await run(fastPlain, call, true, false);
      takeSyncStepCounts();
      const a = await run(fastTraced, call, true, true);
      const traced = takeSyncStepCounts();
      expect(traced.sync + traced.async, "no opcode bypasses runStep while traced").to.equal(0);
      const c = await run(stockTraced, call, false, true);
      expect(a.trace.length).to.be.greaterThan(0);
      expect(a).to.deep.equal(c);
      expect({ ...a, trace: [] }).to.deep.equal(b);
      if (call.deploy !== undefined && a.created !== undefined)
        for (const s of [stockTraced, fastTraced, fastPlain])
          s.deployed.set(call.deploy, createAddressFromString(a.created));
    }
  });

  it("hands a step hook every step's pc and opcode name, as a step listener sees them, no event per step", async () => {
    const [hooked, traced] = [await side(), await side()];
    let hookedSteps = 0;
    let offRunStep = 0;
    const programs = PROGRAMS.map((code) => ({ code, to: LOGGER.toString(), data: "0x", gasLimit: 100_000n }));
    const all: Array<Call & { readonly deploy?: string; readonly code?: string }> = [...calls(compiled), ...programs];
    for (const call of all) {
      for (const s of call.code === undefined ? [] : [hooked, traced])
        await s.context.vm.stateManager.putCode(LOGGER, hexToBytes(call.code as `0x${string}`));
      const seen: string[] = [];
      const hook = hookSteps(hooked.context.vm.evm, (pc, name) => seen.push(`${pc}:${name}`));
      expect(hook, "a hook while the loop is in place").to.not.equal(undefined);
      takeSyncStepCounts();
      const a = await run(hooked, call, true, false).finally(() => hook?.stop());
      const counts = takeSyncStepCounts();
      expect(hook?.missed).to.equal(false);
      const b = await run(traced, call, false, true);
      const where = `${call.deploy ?? call.to} ${call.code ?? call.data.slice(0, 10)}`;
      expect(seen, where).to.deep.equal(b.trace.map((t) => t.split(":").slice(1, 3).join(":")));
      expect({ ...a, trace: [] }, where).to.deep.equal({ ...b, trace: [] });
      offRunStep += counts.sync + counts.async;
      hookedSteps += seen.length;
      if (call.deploy !== undefined && a.created !== undefined)
        for (const s of [hooked, traced]) s.deployed.set(call.deploy, createAddressFromString(a.created));
    }
    expect(hookedSteps).to.be.greaterThan(5_000);
    expect(offRunStep, "steps run off runStep while hooked").to.be.greaterThan(hookedSteps * 0.8);
    setSyncStepsEnabled(false);
    expect(
      hookSteps(hooked.context.vm.evm, () => undefined),
      "no hook with the loop off",
    ).to.equal(undefined);
    setSyncStepsEnabled(true);
  });

  it("keeps @ethereumjs's own loop when HARDHAT_PARALLEL_STOCK_INTERPRETER=1", () => {
    const script = [
      'import { createEvmContext } from "./src/runtime/evm/evm-context.ts";',
      'import { takeSyncStepCounts } from "./src/runtime/evm/sync-steps.ts";',
      'const c = await createEvmContext({ chainId: 1n, hardfork: "prague", blockHash: () => undefined });',
      "await c.vm.evm.runCode({ code: Uint8Array.from([0x60, 1, 0x60, 2, 0x01, 0x00]), gasLimit: 100000n });",
      "console.log(JSON.stringify(takeSyncStepCounts()));",
    ].join("\n");
    const counts = (stock: boolean) => {
      const env = { ...process.env, [STOCK_INTERPRETER_VARIABLE]: stock ? "1" : "0" };
      const args = ["--import", "tsx/esm", "--input-type=module", "-e", script];
      const out = execFileSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: "utf8" });
      return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { sync: number };
    };
    expect(counts(false).sync).to.equal(4);
    expect(counts(true).sync).to.equal(0);
  });
});
