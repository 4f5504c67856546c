/**
 * The `WorkloadApi` over a parallel-network provider: deployments from the project's artifacts, setup calls
 * mined in bulk, view calls, and the seeded account pickers. Workload accounts are generated addresses that
 * are funded with `hardhat_setBalance` and impersonated, so no transaction of a workload needs a signature.
 */
import { Interface, type InterfaceAbi } from "ethers";

import { keccak256 } from "../../runtime/crypto/keccak.js";
import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";
import { toHex } from "../../runtime/util/hex.js";

import type { ContractHandle, WorkloadApi, WorkloadParams } from "./define-workload.js";
import { CallCodec } from "./call-codec.js";
import { linkBytecode, neededLibraries, type LinkReferences } from "./library-linking.js";
import { AccountPicker, SeededRandom } from "./seeded-random.js";

/** What the runner needs of an artifact. */
export interface WorkloadArtifact {
  readonly contractName: string;
  readonly sourceName: string;
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
  /** Placeholders of the external libraries the creation code needs (deployed and linked by `deploy`). */
  readonly linkReferences?: LinkReferences;
}

/** Loads artifacts by contract name (throws a clear error for a missing one). */
export type ArtifactLoader = (name: string) => Promise<WorkloadArtifact>;

/** Gas limit of every workload transaction; the block gas limit is raised to fit a whole block of them. */
export const WORKLOAD_TX_GAS = 3_000_000n;
const FUNDING = 10n ** 24n;
const SETUP_BATCH = 500;

interface QueuedCall {
  readonly label: string;
  readonly request: Record<string, string>;
}

/** Derives the workload's accounts from its seed. */
export function workloadAccounts(seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    toHex(keccak256(new TextEncoder().encode(`hardhat-parallel/workload/${seed}/${i}`)).subarray(12)),
  );
}

/** `WorkloadApi` backed by a provider. */
export class RuntimeWorkloadApi implements WorkloadApi {
  readonly accounts: readonly string[];
  readonly deployer: string;
  readonly #random: SeededRandom;
  readonly #picker: AccountPicker;
  readonly #interfaces = new Map<string, Interface>();
  readonly #codecs = new Map<string, CallCodec>();
  readonly #names = new Map<string, string>();
  /** Deployed external libraries: fully qualified name → address. */
  readonly #libraries = new Map<string, string>();
  #queue: QueuedCall[] = [];

  constructor(
    private readonly provider: ParallelProvider,
    private readonly artifacts: ArtifactLoader,
    readonly params: WorkloadParams,
    readonly options: Readonly<Record<string, unknown>>,
  ) {
    const all = workloadAccounts(params.seed, params.accounts + 1);
    this.deployer = all[0] ?? "";
    this.accounts = all.slice(1);
    this.#random = new SeededRandom(params.seed);
    const hotSetSize = Math.max(1, Math.round(params.accounts / 20));
    this.#picker = new AccountPicker(
      this.accounts,
      { hotRatio: params.hotRatio, hotSetSize, zipf: params.zipf },
      this.#random,
    );
  }

  /** Funds and impersonates every account; raises the block gas limit for whole blocks. */
  async prepare(): Promise<void> {
    const limit = WORKLOAD_TX_GAS * BigInt(Math.max(this.params.blockSize, SETUP_BATCH) + 1);
    await this.provider.request({ method: "evm_setBlockGasLimit", params: [`0x${limit.toString(16)}`] });
    for (const account of [this.deployer, ...this.accounts]) {
      await this.provider.request({ method: "hardhat_setBalance", params: [account, `0x${FUNDING.toString(16)}`] });
      await this.provider.request({ method: "hardhat_impersonateAccount", params: [account] });
    }
  }

  random(): number {
    return this.#random.next();
  }

  randomInt(n: number): number {
    return this.#random.int(n);
  }

  pick(): string {
    return this.#picker.pick();
  }

  pickOther(other: string): string {
    return this.#picker.pickOther(other);
  }

  /** Contract name deployed at `address`, if the workload deployed or attached it. */
  nameAt(address: string): string | undefined {
    return this.#names.get(address.toLowerCase());
  }

  /** Every deployment: address → contract name. */
  deployments(): Record<string, string> {
    return Object.fromEntries(this.#names);
  }

  /** The ABI interface of a contract name (loaded by `deploy`/`at`). */
  interfaceOf(name: string): Interface | undefined {
    return this.#interfaces.get(name);
  }

  async deploy(contract: string, args: readonly unknown[] = []): Promise<ContractHandle> {
    const artifact = await this.artifacts(contract);
    const bytecode = await this.#linked(contract, artifact);
    const iface = new Interface(artifact.abi);
    this.#interfaces.set(contract, iface);
    return this.#create(contract, bytecode + iface.encodeDeploy([...args]).slice(2));
  }

  /**
   * The creation code with its external libraries deployed (once per workload, by the deployer) and linked;
   * an abstract contract, or a placeholder no link reference explains, is an error naming the contract.
   */
  async #linked(contract: string, artifact: WorkloadArtifact): Promise<string> {
    for (const library of neededLibraries(artifact.linkReferences)) {
      if (this.#libraries.has(library.qualifiedName)) continue;
      const code = await this.artifacts(library.qualifiedName).catch(() => this.artifacts(library.name));
      const handle = await this.#create(library.name, await this.#linked(library.name, code));
      this.#libraries.set(library.qualifiedName, handle.address);
    }
    const bytecode = linkBytecode(artifact.bytecode, artifact.linkReferences, this.#libraries);
    if (bytecode === "0x" || bytecode.includes("__"))
      throw new Error(`workload cannot deploy ${contract}: it is abstract (an interface or abstract contract)`);
    return bytecode;
  }

  async #create(contract: string, data: string): Promise<ContractHandle> {
    const hash = (await this.provider.request({
      method: "eth_sendTransaction",
      params: [{ from: this.deployer, data, gas: "0xffffff" }],
    })) as string;
    const receipt = (await this.provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      contractAddress: string | null;
    };
    if (receipt.contractAddress === null) throw new Error(`deployment of ${contract} created no contract`);
    return this.#remember(contract, receipt.contractAddress);
  }

  async at(contract: string, address: string): Promise<ContractHandle> {
    if (!this.#interfaces.has(contract))
      this.#interfaces.set(contract, new Interface((await this.artifacts(contract)).abi));
    return this.#remember(contract, address);
  }

  /** Encodes a call to `fn` of `to`. */
  encode(to: ContractHandle, fn: string, args: readonly unknown[] = []): string {
    return this.#codecOf(to.name).encode(fn, args);
  }

  /** Name of the function of contract `contract` whose selector is `selector` (0x + 8 hex digits). */
  functionNameOf(contract: string, selector: string): string | undefined {
    return this.#interfaces.has(contract) ? this.#codecOf(contract).functionName(selector) : undefined;
  }

  #codecOf(contract: string): CallCodec {
    let codec = this.#codecs.get(contract);
    if (codec === undefined) {
      const iface = this.#interfaces.get(contract);
      if (iface === undefined) throw new Error(`unknown contract ${contract} in workload`);
      codec = new CallCodec(iface, contract);
      this.#codecs.set(contract, codec);
    }
    return codec;
  }

  queue(
    to: ContractHandle,
    fn: string,
    args: readonly unknown[] = [],
    options: { from?: string; value?: bigint } = {},
  ): void {
    const request: Record<string, string> = {
      from: options.from ?? this.deployer,
      to: to.address,
      data: this.encode(to, fn, args),
      gas: `0x${WORKLOAD_TX_GAS.toString(16)}`,
    };
    if (options.value !== undefined) request.value = `0x${options.value.toString(16)}`;
    this.#queue.push({ label: `${to.name}.${fn}`, request });
  }

  async flush(): Promise<void> {
    const calls = this.#queue;
    this.#queue = [];
    await this.provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      for (let i = 0; i < calls.length; i += SETUP_BATCH) await this.#mineBatch(calls.slice(i, i + SETUP_BATCH));
    } finally {
      await this.provider.request({ method: "evm_setAutomine", params: [true] });
    }
  }

  async read(to: ContractHandle, fn: string, args: readonly unknown[] = []): Promise<unknown> {
    const data = this.encode(to, fn, args);
    const result = (await this.provider.request({
      method: "eth_call",
      params: [{ to: to.address, data }, "latest"],
    })) as string;
    const decoded = this.#interfaces.get(to.name)?.decodeFunctionResult(fn, result);
    return decoded?.length === 1 ? decoded[0] : decoded;
  }

  async #mineBatch(calls: QueuedCall[]): Promise<void> {
    for (const call of calls) await this.provider.request({ method: "eth_sendTransaction", params: [call.request] });
    await this.provider.request({ method: "evm_mine", params: [] });
    const executed = this.provider.chain.latest.executed;
    const failed = executed.findIndex((e) => e.status === 0);
    if (failed >= 0 || executed.length !== calls.length) {
      const label = calls[failed >= 0 ? failed : executed.length]?.label ?? "a setup call";
      throw new Error(`workload setup call ${label} failed${failed >= 0 ? " (reverted)" : " (not mined)"}`);
    }
  }

  #remember(contract: string, address: string): ContractHandle {
    const handle = { name: contract, address: address.toLowerCase() };
    this.#names.set(handle.address, contract);
    return handle;
  }
}
