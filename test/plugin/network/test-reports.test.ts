import { expect } from "chai";
import type { NetworkConfig } from "hardhat/types/config";
import type { HookContext } from "hardhat/types/hooks";
import type { JsonRpcRequest } from "hardhat/types/providers";

import { TestReports, withCoverageOverrides, type ReportedChain } from "../../../src/plugin/network/test-reports.js";
import type { EvmContext } from "../../../src/runtime/evm/evm-context.js";
import type { StateView } from "../../../src/runtime/state/account-data.js";

type Handled = Array<{ hook: string; args: unknown[] }>;

/** A hook context whose registered network handlers are `registered`; handler runs are recorded. */
function fakeContext(registered: readonly string[], handled: Handled): HookContext {
  const hooks = {
    hasHandlers: async (_category: string, name: string) => registered.includes(name),
    runParallelHandlers: async (_category: string, hook: string, args: unknown[]) => {
      handled.push({ hook, args });
      return [];
    },
  };
  return { hooks } as unknown as HookContext;
}

function fakeChain(): { chain: ReportedChain; evm: { coverageObserver: ((tag: Uint8Array) => void) | undefined } } {
  const evm = { coverageObserver: undefined, vm: { evm: { events: undefined } } };
  return { chain: { context: evm as unknown as EvmContext, state: {} as StateView }, evm };
}

const request = (method: string, params: unknown[]): JsonRpcRequest => ({ jsonrpc: "2.0", id: 1, method, params });

describe("plugin/network: TestReports (what --coverage and --gas-stats get from a connection)", () => {
  it("is off, and attaches nothing, without Hardhat's coverage and gas handlers", async () => {
    const handled: Handled = [];
    const { chain, evm } = fakeChain();
    const reports = await TestReports.create(fakeContext([], handled), () => chain);
    expect(reports.coverage).to.equal(false);
    expect(reports.mainThreadOnly).to.equal(false);
    expect(reports.executionHooks).to.equal(undefined);
    let mined = 0;
    reports.attach();
    await reports.beforeRequest(request("eth_getTransactionCount", ["0x01", "pending"]), async () => mined++);
    await reports.afterRequest();
    expect(evm.coverageObserver).to.equal(undefined);
    expect(mined).to.equal(0);
    expect(handled).to.deep.equal([]);
  });

  it("coverage: hands each request's distinct tags to onCoverageData as hex without 0x", async () => {
    const handled: Handled = [];
    const { chain, evm } = fakeChain();
    const reports = await TestReports.create(fakeContext(["onCoverageData"], handled), () => chain);
    expect(reports.coverage).to.equal(true);
    expect(reports.mainThreadOnly).to.equal(true);
    reports.attach();
    const tag = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
    evm.coverageObserver?.(tag(1));
    evm.coverageObserver?.(tag(2));
    evm.coverageObserver?.(tag(1));
    await reports.afterRequest();
    await reports.afterRequest();
    expect(handled).to.deep.equal([{ hook: "onCoverageData", args: [["01".repeat(32), "02".repeat(32)]] }]);
  });

  it("gas stats: a request that reads a pending nonce first runs the pool as a pending block", async () => {
    const { chain } = fakeChain();
    const reports = await TestReports.create(fakeContext(["onGasMeasurement"], []), () => chain);
    expect(reports.mainThreadOnly).to.equal(true);
    expect(reports.executionHooks?.onBlockMined).to.be.a("function");
    const cases: Array<[JsonRpcRequest, boolean]> = [
      [request("eth_getTransactionCount", ["0x01", "pending"]), true],
      [request("eth_getTransactionCount", ["0x01", "latest"]), false],
      [request("eth_sendTransaction", [{ from: "0x01" }]), true],
      [request("eth_sendTransaction", [{ from: "0x01", nonce: "0x0" }]), false],
      [request("eth_call", [{ from: "0x01" }, "pending"]), false],
    ];
    for (const [req, expected] of cases) {
      let mined = false;
      await reports.beforeRequest(req, async () => (mined = true));
      expect(mined, JSON.stringify(req.params)).to.equal(expected);
    }
  });

  it("coverage overrides: unlimited contract size and no transaction gas cap unless the network sets them", () => {
    const simulated = (allowUnlimitedContractSize?: boolean, transactionGasCap?: bigint | false): NetworkConfig =>
      ({ type: "edr-simulated", allowUnlimitedContractSize, transactionGasCap }) as unknown as NetworkConfig;
    expect(withCoverageOverrides({ chainId: 5n }, simulated())).to.deep.equal({
      chainId: 5n,
      allowUnlimitedContractSize: true,
      transactionGasCap: false,
      blockGasLimitEnforced: false,
    });
    expect(withCoverageOverrides({}, simulated(false)).allowUnlimitedContractSize).to.equal(false);
    expect(withCoverageOverrides({}, simulated(undefined, 1n << 25n)).transactionGasCap).to.equal(1n << 25n);
    expect(withCoverageOverrides({}, undefined)).to.deep.equal({
      allowUnlimitedContractSize: true,
      transactionGasCap: false,
      blockGasLimitEnforced: false,
    });
  });
});
