/**
 * One EVM ready to run transactions of a chain: a `Common` for the chain id and hardfork with the fast
 * keccak plugged in, a `VM` whose state manager is a reusable `TxState` overlay, and a block-hash source for
 * BLOCKHASH. Creating one costs about a millisecond (measured during development), so a chain keeps one and each parallel worker
 * keeps its own.
 */
import { Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import type { EVMMockBlockchainInterface } from "@ethereumjs/evm";
import { createVM, type VM } from "@ethereumjs/vm";

import { keccak256 } from "../crypto/keccak.js";
import { lazyKzg } from "../crypto/kzg.js";
import { secp256k1Crypto } from "../crypto/secp256k1.js";
import { FlatState } from "../state/flat-state.js";
import { TxState } from "../state/tx-state.js";

import { installBloomBits } from "./bloom-bits.js";
import { installBalanceHooks, installQuietBalanceChecks } from "./balance-hooks.js";
import { installCreateAddresses } from "./create-address.js";
import { installJumpAnalysisCache } from "./jump-analysis-cache.js";
import { installLoadOpcodes } from "./load-opcodes.js";
import { installSyncSteps } from "./sync-steps.js";
import { installWarmStorage } from "./warm-storage.js";
import { installWordOpcodes } from "./word-opcodes.js";

/** Console address Hardhat's `console.sol` calls. */
export const CONSOLE_ADDRESS = "0x000000000000000000636f6e736f6c652e6c6f67";

/** Address Hardhat's coverage instrumentation calls with each statement's 32-byte tag (`--coverage`). */
export const COVERAGE_ADDRESS = "0xc0bec0bec0bec0bec0bec0bec0bec0bec0bec0be";

/** What an EVM context needs to know about its chain. */
export interface EvmContextOptions {
  readonly chainId: bigint;
  readonly hardfork: string;
  /** Hash of block `number`, for BLOCKHASH (undefined when unknown). */
  readonly blockHash: (number: bigint) => Uint8Array | undefined;
  /** Receives the calldata of every call to the console address (Solidity `console.log`). */
  readonly onConsoleCall?: (data: Uint8Array) => void;
  /** No EIP-170 code size and EIP-3860 initcode size limits (the project's `allowUnlimitedContractSize`). */
  readonly unlimitedContractSize?: boolean;
}

/** One call frame as the EVM starts it. */
export interface MessageFrame {
  readonly caller: string;
  /** Address whose storage the frame uses. */
  readonly to: string | undefined;
  readonly data: Uint8Array;
  readonly delegatecall: boolean;
  readonly depth: number;
}

/** A VM with its reusable transaction state. */
export interface EvmContext {
  /** Receives every call frame while set (the report's soundness check); undefined costs nothing. */
  messageObserver: ((frame: MessageFrame) => void) | undefined;
  /** Receives every hash this context's EVM computes while set (slot preimages); undefined costs one check. */
  keccakObserver: ((input: Uint8Array, output: Uint8Array) => void) | undefined;
  /** Receives the input of every call to {@link COVERAGE_ADDRESS} while set; undefined costs one check per frame. */
  coverageObserver: ((tag: Uint8Array) => void) | undefined;
  readonly common: Common;
  /** Shared, never-copied Common for transaction objects. */
  readonly txCommon: Common;
  readonly vm: VM;
  readonly txState: TxState;
}

type CustomCrypto = NonNullable<Parameters<typeof createCustomCommon>[2]>["customCrypto"];

/**
 * Creates the chain's `Common` (chain id, hardfork, fast keccak, compiled secp256k1, KZG for the
 * point-evaluation precompile); `onHash` sees every hash computed through it.
 */
export function createChainCommon(
  chainId: bigint,
  hardfork: string,
  onHash?: (input: Uint8Array, output: Uint8Array) => void,
): Common {
  const hash =
    onHash === undefined
      ? keccak256
      : (data: Uint8Array): Uint8Array => {
          const out = keccak256(data);
          onHash(data, out);
          return out;
        };
  // The wasm `ecsign` takes the options @ethereumjs passes (format "recovered", no prehash), not every
  // option of @noble's `sign` that the declared type names.
  const customCrypto = { keccak256: hash, kzg: lazyKzg, ...secp256k1Crypto() } as CustomCrypto;
  return withoutFixedGasCap(
    createCustomCommon(
      { chainId: Number(chainId), name: "hardhat-parallel" },
      Mainnet,
      // Hardhat names the merge hardfork "merge"; @ethereumjs names it "paris".
      { hardfork: hardfork === "merge" ? "paris" : hardfork, customCrypto },
    ),
  );
}

/**
 * @ethereumjs refuses, in every transaction's constructor, a gas limit above EIP-7825's fixed 2^24: a cap the
 * project raised (`transactionGasCap`), or lifted (`false`, as `--coverage` does), would fail there as an internal
 * error. The network refuses gas above its own configured cap before building a transaction, with Hardhat's
 * messages (`rpc/transaction-validation.ts`), so the Common reports no fixed cap; an own property, so that the
 * copies @ethereumjs makes of the Common keep it.
 */
function withoutFixedGasCap(common: Common): Common {
  const param = Object.getPrototypeOf(common) as { param(this: Common, name: string): bigint };
  common.param = function (this: Common, name: string): bigint {
    return name === "maxTransactionGasLimit" ? BigInt(Number.MAX_SAFE_INTEGER) : param.param.call(this, name);
  };
  return common;
}

/**
 * A `Common` for creating transactions: @ethereumjs copies the given Common into every transaction it
 * creates and merges parameter tables into it (together ≈ 15 % of an automined transaction's cost here);
 * this one is never switched to another hardfork, so it hands out itself and merges each table once.
 */
export function createSharedTxCommon(chainId: bigint, hardfork: string): Common {
  const common = createChainCommon(chainId, hardfork);
  Object.defineProperty(common, "copy", { value: () => common });
  // Every transaction and block constructor merges its parameter table into the Common again: once each
  // table is enough for a Common that is shared.
  const merged = new Set<unknown>();
  const updateParams = common.updateParams.bind(common);
  Object.defineProperty(common, "updateParams", {
    value: (params: Parameters<Common["updateParams"]>[0]) => {
      if (merged.has(params)) return common;
      merged.add(params);
      return updateParams(params);
    },
  });
  return common;
}

function blockchainFor(blockHash: (n: bigint) => Uint8Array | undefined): EVMMockBlockchainInterface {
  const chain: EVMMockBlockchainInterface = {
    getBlock: async (n: number) => ({ hash: () => blockHash(BigInt(n)) ?? new Uint8Array(32) }),
    putBlock: async () => {},
    shallowCopy: () => chain,
  };
  return chain;
}

interface EvmMessage {
  readonly to?: { toString(): string };
  readonly caller: { toString(): string };
  readonly data: Uint8Array;
  readonly delegatecall?: boolean;
  readonly depth: number;
}

/** Creates a VM over a reusable `TxState`. */
export async function createEvmContext(options: EvmContextOptions): Promise<EvmContext> {
  await installJumpAnalysisCache();
  await installSyncSteps();
  installBloomBits();
  await installQuietBalanceChecks();
  const common = createChainCommon(options.chainId, options.hardfork, (input, output) =>
    context.keccakObserver?.(input, output),
  );
  const txState = new TxState(new FlatState());
  const unlimited = options.unlimitedContractSize === true;
  const vm = await createVM({
    common,
    stateManager: txState,
    blockchain: blockchainFor(options.blockHash),
    evmOpts: { allowUnlimitedContractSize: unlimited, allowUnlimitedInitCodeSize: unlimited },
  });
  installWordOpcodes(vm.evm);
  installLoadOpcodes(vm.evm);
  installWarmStorage(vm.evm);
  installCreateAddresses(vm.evm);
  installBalanceHooks(vm.evm);
  const context: EvmContext = {
    common,
    txCommon: createSharedTxCommon(options.chainId, options.hardfork),
    vm,
    txState,
    messageObserver: undefined,
    keccakObserver: undefined,
    coverageObserver: undefined,
  };
  const onConsole = options.onConsoleCall;
  vm.evm.events?.on("beforeMessage", (message: EvmMessage) => {
    const to = message.to?.toString();
    if (to === CONSOLE_ADDRESS) onConsole?.(message.data);
    if (context.coverageObserver !== undefined && to === COVERAGE_ADDRESS) context.coverageObserver(message.data);
    context.messageObserver?.({
      caller: message.caller.toString(),
      to,
      data: message.data,
      delegatecall: message.delegatecall === true,
      depth: message.depth,
    });
  });
  return context;
}
