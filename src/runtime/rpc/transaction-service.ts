/**
 * Sending, calling and estimating transactions the way Hardhat's network does: requests get Hardhat's
 * defaults (pending nonce, 1 gwei tip, max fee = 2 × next base fee + tip, gas = the estimate), are checked
 * with Hardhat's error messages (nonce, funds, intrinsic gas, gas caps), go to the pool, and with automine on
 * are mined at once — a transaction that then reverts answers error 3 with its revert data, as EDR does.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { getAddress } from "ethers";

import type { BlockEnvironment } from "../chain/block-assembly.js";
import { estimateGas, runCall } from "../chain/call-runner.js";
import type { Chain } from "../chain/chain.js";
import {
  impersonatedTransaction,
  signedTransaction,
  type AccessListItem,
  type TxRequest,
} from "../chain/transaction-factory.js";
import type { StateView } from "../state/account-data.js";
import { toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

import { inBlockContext } from "./block-resolution.js";
import { automine } from "./automine.js";
import { accessListOf } from "./call-access-list.js";
import type { BlockRef } from "./params.js";
import { targetOf, type FailedExecution, type FailedTarget } from "./execution-error.js";
import type { ExecutionHooks } from "./execution-hooks.js";
import { retraceCall, type Retrace } from "./failed-run.js";
import type { Quietly } from "./method-context.js";
import { failureError, minedFailure, type FailureContext } from "./mined-failure.js";
import { internalCallOutOfGas, invalidParams, refused, RpcError } from "./rpc-error.js";
import {
  checkCallRequest,
  checkGasCaps,
  checkInitCodeSize,
  decodeRawTransaction,
  checkNonceOverflow,
  validateTransaction,
} from "./transaction-validation.js";
import {
  checkCreationData,
  checkFeeOrder,
  checkSendRequest,
  defaultGasLimit,
  requestFees,
  type PartialTxRequest,
} from "./tx-request.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** Sends, calls and estimates on one chain. */
export class TransactionService {
  constructor(
    private readonly chain: Chain,
    private readonly keys: ReadonlyMap<AddressHex, string>,
    /** Runs gas estimation with console.log printing off (EDR prints only the real execution). */
    private readonly quietly: Quietly = (fn) => fn(),
    private readonly hooks: ExecutionHooks = {},
    /** Told the hash of every transaction entering the pool (pending-transaction filters). */
    private readonly onPooled: (hash: string) => void = () => undefined,
  ) {}

  /** No EIP-3860 init code limit on the transactions built here (the project's `allowUnlimitedContractSize`). */
  get #unlimited(): boolean {
    return this.chain.config.allowUnlimitedContractSize;
  }

  /** `eth_sendTransaction`. */
  async send(partial: PartialTxRequest): Promise<string> {
    const from = partial.from;
    if (from === undefined) throw invalidParams("invalid value for parameter 0 (transaction): missing `from`");
    const key = this.keys.get(from);
    checkSendRequest(partial, this.chain.config.chainId);
    // Init code over the limit, gas given: malformed before the sender is looked at (after it, when estimated).
    if (partial.gas !== undefined) checkInitCodeSize(this.chain, partial, true);
    if (key === undefined && !this.chain.impersonated.has(from)) throw refused(`Unknown account ${getAddress(from)}`);
    checkCreationData(partial, this.chain.common.gteHardfork("prague"), this.chain.config.hardfork);
    checkGasCaps(this.chain, partial.gas);
    checkFeeOrder(partial);
    checkInitCodeSize(this.chain, partial, false);
    const request = await this.#complete({ ...partial, from });
    // An impersonated account's transactions carry Hardhat's fake signature, its own accounts' included.
    const tx =
      key === undefined || this.chain.impersonated.has(from)
        ? impersonatedTransaction(this.chain.common, request, this.#unlimited)
        : signedTransaction(this.chain.common, request, key, this.#unlimited);
    return this.submit(tx, from);
  }

  /** `eth_sendRawTransaction`. */
  async sendRaw(bytes: Uint8Array): Promise<string> {
    const tx = decodeRawTransaction(this.chain, bytes, this.#unlimited);
    return this.submit(tx, toHex(tx.getSenderAddress().bytes));
  }

  /** Checks `tx`, pools it and, with automine, mines it. Returns its hash. */
  async submit(tx: TypedTransaction, sender: AddressHex): Promise<string> {
    const hash = toHex(tx.hash());
    // A pooled duplicate is known; a mined one is refused by its nonce first, as on Hardhat's network.
    if (this.chain.pool.has(hash)) throw refused(`Known transaction: ${hash}`);
    validateTransaction(this.chain, tx, sender);
    if (this.chain.txLocation(hash) !== undefined) throw refused(`Known transaction: ${hash}`);
    const replacement = this.chain.pool.replacementError(tx, sender);
    if (replacement !== undefined) throw refused(replacement);
    this.chain.pool.add(tx, sender);
    this.onPooled(hash);
    if (!this.chain.automine) return hash;
    this.chain.skipSnapshotId();
    const { failed } = await automine(this.chain, hash);
    if (failed && this.chain.config.throwOnTransactionFailures) {
      const failure = await minedFailure(this.#failureContext, hash);
      if (failure !== undefined) throw failure;
    }
    return hash;
  }

  /** `eth_call`: the return data, or error 3 with the revert data. */
  async call(partial: PartialTxRequest, ref: BlockRef): Promise<Uint8Array> {
    return this.#inCallContext(
      ref,
      async (view, env) => {
        const request = this.#callRequest(partial, this.#gasCap(partial), view);
        const outcome = await runCall(this.chain, view, env, request);
        this.hooks.onCall?.(request, outcome, view);
        if (outcome.error !== undefined && this.chain.config.throwOnCallFailures) {
          throw await this.#failure(outcome, this.#target(request), this.#retrace(view, env, request));
        }
        return outcome.returnValue;
      },
      partial,
    );
  }

  /** `eth_estimateGas`. */
  async estimate(partial: PartialTxRequest, ref: BlockRef): Promise<bigint> {
    return this.#inCallContext(
      ref,
      async (view, env) => {
        const cap = this.#gasCap(partial);
        const request = this.#callRequest(partial, cap, view);
        // A failed estimate failed in its first run: its lines are printed, as on Hardhat's network.
        const result = await this.quietly(
          () => estimateGas(this.chain, view, env, request, cap),
          (r) => !("gas" in r),
        );
        if ("failure" in result) {
          const { failure } = result;
          throw await this.#failure(failure, this.#target(request), this.#retrace(view, env, request));
        }
        if ("internalOutOfGas" in result) throw internalCallOutOfGas(cap);
        return result.gas;
      },
      partial,
    );
  }

  /** `eth_createAccessList`: the storage slots and accounts the call touches, and its gas. */
  async createAccessList(
    partial: PartialTxRequest,
    ref: BlockRef,
  ): Promise<{ list: AccessListItem[]; gasUsed: bigint }> {
    return this.#inCallContext(
      ref,
      async (view, env) => {
        const request = this.#callRequest(partial, this.#gasCap(partial), view);
        const outcome = await this.quietly(() => runCall(this.chain, view, env, request));
        if (outcome.error !== undefined) {
          throw await this.#failure(outcome, this.#target(request), this.#retrace(view, env, request));
        }
        return {
          list: accessListOf(outcome, partial.from ?? this.#defaultCaller(), partial.to, env.coinbase),
          gasUsed: outcome.gasUsed,
        };
      },
      partial,
    );
  }

  /** The request `debug_traceCall` runs, with the block context it runs in. */
  async inCallContext<T>(
    partial: PartialTxRequest,
    ref: BlockRef,
    fn: (request: TxRequest, view: StateView, env: BlockEnvironment) => Promise<T>,
  ): Promise<T> {
    return this.#inCallContext(
      ref,
      (view, env) => fn(this.#callRequest(partial, this.#gasCap(partial), view), view, env),
      partial,
    );
  }

  /** The sender of a call without `from`: the first account, as Hardhat's network (zero without accounts). */
  #defaultCaller(): AddressHex {
    return this.keys.keys().next().value ?? ZERO_ADDRESS;
  }

  /** The failure of the mined transaction `hash` (undefined when it succeeded or is not mined). */
  minedFailure(hash: string): Promise<RpcError | undefined> {
    return minedFailure(this.#failureContext, hash);
  }

  get #failureContext(): FailureContext {
    return { chain: this.chain, hooks: this.hooks, quietly: this.quietly };
  }

  /** The error of a failed run (see failed-run.ts). */
  #failure(outcome: FailedExecution, target: FailedTarget, retrace: Retrace): Promise<RpcError> {
    return failureError(this.#failureContext, outcome, target, retrace);
  }

  #retrace(view: StateView, env: BlockEnvironment, request: TxRequest): Retrace {
    return (options) => retraceCall(this.chain, view, env, request, options);
  }

  #target(request: TxRequest): FailedTarget {
    return targetOf(impersonatedTransaction(this.chain.common, request, this.#unlimited));
  }

  /** The gas of a call, estimate or trace: the one given, else Hardhat's network's default limit. */
  #gasCap(partial: PartialTxRequest): bigint {
    return partial.gas ?? defaultGasLimit(this.chain.config);
  }

  /** The block context of a call: the block's own environment with a zero base fee, as Hardhat's network. */
  #inCallContext<T>(
    ref: BlockRef,
    fn: (view: StateView, env: BlockEnvironment) => Promise<T>,
    partial?: PartialTxRequest,
  ): Promise<T> {
    if (partial !== undefined)
      checkCallRequest(this.chain, partial, (gas) =>
        impersonatedTransaction(this.chain.common, this.#callRequest(partial, gas, this.chain.state), this.#unlimited),
      );
    return inBlockContext(this.chain, ref, (view, env) => fn(view, { ...env, baseFeePerGas: 0n }), this.quietly);
  }

  #callRequest(partial: PartialTxRequest, gas: bigint, view: StateView): TxRequest {
    const fees = requestFees(partial, this.chain.nextEnvironment().baseFeePerGas);
    const from = partial.from ?? this.#defaultCaller();
    const nonce = partial.nonce ?? view.account(from)?.nonce ?? 0n;
    checkNonceOverflow(partial.nonce, nonce);
    return {
      from,
      to: partial.to,
      gas,
      value: partial.value ?? 0n,
      data: partial.data ?? new Uint8Array(0),
      nonce,
      accessList: partial.accessList,
      authorizationList: partial.authorizationList,
      ...fees,
    };
  }

  /**
   * The gas of a send without one, as Hardhat's request handler picks it: the estimate, or — when an inner call
   * runs out of gas whatever the limit — the network's default transaction gas limit, at most the pending
   * block's gas limit.
   */
  async #estimateForSend(partial: PartialTxRequest): Promise<bigint> {
    try {
      return await this.estimate(partial, { kind: "tag", tag: "pending" });
    } catch (error) {
      const fallback = error instanceof RpcError ? error.extras.defaultGas : undefined;
      if (fallback === undefined) throw error;
      const pendingLimit = this.chain.nextEnvironment().gasLimit;
      return fallback < pendingLimit ? fallback : pendingLimit;
    }
  }

  async #complete(partial: PartialTxRequest & { from: AddressHex }): Promise<TxRequest> {
    const nonce = partial.nonce ?? this.chain.pendingNonce(partial.from);
    checkNonceOverflow(partial.nonce, nonce);
    const withFees = { ...partial, nonce, ...requestFees(partial, this.chain.nextEnvironment().baseFeePerGas) };
    const gas = partial.gas ?? (partial.gasDefault ? this.#gasCap(partial) : await this.#estimateForSend(withFees));
    return { ...this.#callRequest(withFees, gas, this.chain.state), nonce };
  }
}
