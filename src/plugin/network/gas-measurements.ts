/**
 * Hardhat's `--gas-stats` on the parallel network: what Hardhat's network reports through the
 * `onGasMeasurement` hook, measured on our chain. Per successful top-level execution — a mined transaction or
 * an `eth_call`, not gas estimates — the called contract (its deployed code matched to the project's artifacts)
 * and function (the calldata's selector in its ABI) with the execution's gas used, intrinsic gas included; per
 * successful creation transaction, the contract its creation code deploys with its gas and deployed code size.
 * Like Hardhat's network, the transactions of every throwaway `pending` block count too (automine off: each
 * `pending` query runs the pool again).
 * Executions of code the project did not compile, or of a selector its ABI does not name, are left out, as on
 * Hardhat's network. A call through proxies (a frame that DELEGATECALLs with its own selector and returns what
 * the delegate returned, recursively) is the implementation's function with the proxy chain, as Hardhat's network
 * reports it: the call trees come from a recorder on the chain's EVM (blocks then run on the main thread).
 * Executions are noted synchronously as the chain runs them and named on `take`.
 */
import type { NetworkHooks } from "hardhat/types/hooks";

import type { CallOutcome } from "../../runtime/chain/call-runner.js";
import type { StoredBlock } from "../../runtime/chain/chain.js";
import { CallTreeRecorder, proxyChainOf, type CallNode } from "../../runtime/evm/call-tree.js";
import type { EvmContext } from "../../runtime/evm/evm-context.js";
import type { TxRequest } from "../../runtime/chain/transaction-factory.js";
import type { ExecutionHooks } from "../../runtime/rpc/execution-hooks.js";
import type { StateView } from "../../runtime/state/account-data.js";
import { toHex } from "../../runtime/util/hex.js";

import type { ContractRegistry } from "./contract-registry.js";

/** One measurement, in the shape Hardhat's gas analytics take. */
export type GasMeasurement = Parameters<NetworkHooks["onGasMeasurement"]>[1];

/** A successful execution, before it is named. */
type Noted =
  | {
      readonly kind: "call";
      readonly code: string;
      readonly input: string;
      readonly gas: bigint;
      /** Deployed codes of the proxies, outermost first, when the call went through proxies (then `code` is the implementation's). */
      readonly proxies?: readonly string[];
    }
  | { readonly kind: "deployment"; readonly input: string; readonly gas: bigint; readonly runtimeSize: number };

/** The deployed code at `address` in `view` (hex), "0x" without code. */
function codeAt(view: StateView, address: string): string {
  const account = view.account(address);
  return account === undefined ? "0x" : toHex(view.code(account.codeHash));
}

/** A call to `to` noted with the code that ran: the implementation's and the proxies' when it went through proxies. */
function noteCall(view: StateView, to: string, input: string, gas: bigint, tree: CallNode | undefined): Noted {
  const chain = tree === undefined ? undefined : proxyChainOf(tree);
  if (chain === undefined || chain[0] === undefined) return { kind: "call", code: codeAt(view, to), input, gas };
  const proxies = chain
    .slice(1)
    .reverse()
    .map((n) => codeAt(view, n.codeAddress));
  return { kind: "call", code: codeAt(view, chain[0].codeAddress), input, gas, proxies };
}

/** The measurements of one connection's executions. */
export class GasMeasurements {
  #noted: Noted[] = [];
  readonly #trees = new CallTreeRecorder();

  /**
   * @param state The chain's current state, read when a block is mined (the code its transactions ran).
   */
  constructor(private readonly state: () => StateView) {}

  /** Records the call trees of `context`'s executions (the chain's EVM; again after a reset). */
  attach(context: EvmContext): void {
    this.#trees.attach(context);
  }

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
    // One tree per executed transaction, in order (the block ran on the main thread), when recorded.
    const trees = this.#trees.take(block.executed.length);
    const complete = trees.length === block.executed.length;
    for (const [i, e] of block.executed.entries()) {
      if (e.status !== 1) continue;
      const input = toHex(e.tx.data);
      if (e.tx.to === undefined) {
        const runtimeSize = e.createdAddress === undefined ? 0 : (codeAt(state, e.createdAddress).length - 2) / 2;
        this.#noted.push({ kind: "deployment", input, gas: e.gasUsed, runtimeSize });
      } else {
        this.#noted.push(noteCall(state, toHex(e.tx.to.bytes), input, e.gasUsed, complete ? trees[i] : undefined));
      }
    }
  }

  #noteCall(request: TxRequest, outcome: CallOutcome, view: StateView): void {
    const tree = this.#trees.take(1)[0];
    if (outcome.error !== undefined) return;
    const input = toHex(request.data);
    const gas = outcome.gasUsed;
    if (request.to !== undefined) this.#noted.push(noteCall(view, request.to, input, gas, tree));
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
  // Proxies the project did not compile keep Hardhat's network's placeholder name.
  const proxies = (n.proxies ?? []).map((code) => registry.byRuntimeCode(code)?.fqn ?? "<UnrecognizedContract>");
  const proxyChain = proxies.length === 0 ? [] : [...proxies, entry.fqn];
  return { type: "function", contractFqn: entry.fqn, functionSig, gas: Number(n.gas), proxyChain };
}
