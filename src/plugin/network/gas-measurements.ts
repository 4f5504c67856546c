/**
 * Hardhat's `--gas-stats` on the parallel network: what Hardhat's network reports through the
 * `onGasMeasurement` hook, measured on our chain. Per successful top-level execution — a mined transaction or
 * an `eth_call`, not gas estimates — the called contract (its deployed code matched to the project's artifacts)
 * and function (the calldata's selector in its ABI) with the execution's gas used, intrinsic gas included; per
 * successful creation transaction, the contract its creation code deploys with its gas and deployed code size.
 * Like Hardhat's network, the transactions of every throwaway `pending` block count too (automine off: each
 * `pending` query runs the pool again).
 * Executions of code the project did not compile, or of a selector its ABI does not name, are left out, as on
 * Hardhat's network. Executions are noted synchronously as the chain runs them and named on `flush`.
 */
import type { NetworkHooks } from "hardhat/types/hooks";

import type { CallOutcome } from "../../runtime/chain/call-runner.js";
import type { StoredBlock } from "../../runtime/chain/chain.js";
import type { TxRequest } from "../../runtime/chain/transaction-factory.js";
import type { ExecutionHooks } from "../../runtime/rpc/execution-hooks.js";
import type { StateView } from "../../runtime/state/account-data.js";
import { toHex } from "../../runtime/util/hex.js";

import type { ContractRegistry } from "./contract-registry.js";

/** One measurement, in the shape Hardhat's gas analytics take. */
export type GasMeasurement = Parameters<NetworkHooks["onGasMeasurement"]>[1];

/** A successful execution, before it is named. */
type Noted =
  | { readonly kind: "call"; readonly code: string; readonly input: string; readonly gas: bigint }
  | { readonly kind: "deployment"; readonly input: string; readonly gas: bigint; readonly runtimeSize: number };

/** The deployed code at `address` in `view` (hex), "0x" without code. */
function codeAt(view: StateView, address: string): string {
  const account = view.account(address);
  return account === undefined ? "0x" : toHex(view.code(account.codeHash));
}

/** The measurements of one connection's executions. */
export class GasMeasurements {
  #noted: Noted[] = [];

  /**
   * @param state The chain's current state, read when a block is mined (the code its transactions ran).
   */
  constructor(private readonly state: () => StateView) {}

  /** The runtime hooks that note executions. */
  get hooks(): ExecutionHooks {
    return {
      onBlockMined: (block) => this.#noteBlock(block),
      onPendingBlockMined: (block) => this.#noteBlock(block),
      onCall: (request, outcome, view) => this.#noteCall(request, outcome, view),
    };
  }

  /** Names the executions noted so far and forgets them. */
  take(registry: ContractRegistry): GasMeasurement[] {
    const noted = this.#noted;
    this.#noted = [];
    return noted.flatMap((n) => {
      const measurement = named(n, registry);
      return measurement === undefined ? [] : [measurement];
    });
  }

  /** Whether executions wait to be named. */
  get pending(): boolean {
    return this.#noted.length > 0;
  }

  #noteBlock(block: StoredBlock): void {
    const state = this.state();
    for (const e of block.executed) {
      if (e.status !== 1) continue;
      const input = toHex(e.tx.data);
      if (e.tx.to === undefined) {
        const runtimeSize = e.createdAddress === undefined ? 0 : (codeAt(state, e.createdAddress).length - 2) / 2;
        this.#noted.push({ kind: "deployment", input, gas: e.gasUsed, runtimeSize });
      } else {
        this.#noted.push({ kind: "call", code: codeAt(state, toHex(e.tx.to.bytes)), input, gas: e.gasUsed });
      }
    }
  }

  #noteCall(request: TxRequest, outcome: CallOutcome, view: StateView): void {
    if (outcome.error !== undefined) return;
    const input = toHex(request.data);
    const gas = outcome.gasUsed;
    if (request.to !== undefined) this.#noted.push({ kind: "call", code: codeAt(view, request.to), input, gas });
    // A creation call (Ignition simulates deployments so) counts as a deployment, as on Hardhat's network.
    else this.#noted.push({ kind: "deployment", input, gas, runtimeSize: outcome.returnValue.length });
  }
}

function named(n: Noted, registry: ContractRegistry): GasMeasurement | undefined {
  if (n.kind === "deployment") {
    const entry = registry.byCreationCode(n.input);
    if (entry === undefined) return undefined;
    return { type: "deployment", contractFqn: entry.fqn, gas: Number(n.gas), runtimeSize: n.runtimeSize };
  }
  const entry = n.code === "0x" ? undefined : registry.byRuntimeCode(n.code);
  const functionSig = entry?.functions.get(n.input.slice(0, 10));
  if (entry === undefined || functionSig === undefined) return undefined;
  return { type: "function", contractFqn: entry.fqn, functionSig, gas: Number(n.gas), proxyChain: [] };
}
