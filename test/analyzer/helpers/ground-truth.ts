/**
 * Executed ground truth for the analyzer: fixture contracts deployed on hardhat-parallel's own runtime (flat
 * state, EVM context, sequential executor), transactions run in blocks, and each transaction's storage read and
 * write sets as the runtime records them (`AccessSets`: reads from outside the transaction, writes that change
 * a value). Two transactions conflict when one writes a storage slot (of any contract) the other reads or writes;
 * with `balances`, ETH balances count too (`balance:<account>`), except the one sender both pay gas from (one
 * sender's transactions are ordered by nonce anyway; the analyzer does not predict that).
 */
import { Interface } from "ethers";
import type { ExecutedTransaction } from "../../../src/analyzer/index.js";
import { SequentialExecutor } from "../../../src/runtime/exec/sequential-executor.js";
import { createEvmContext, createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";
import { FlatState } from "../../../src/runtime/state/flat-state.js";
import { TrieCommitment } from "../../../src/runtime/state/trie-commitment.js";
import { fromHex, toHex } from "../../../src/runtime/util/hex.js";
import { balanceKey, parseLocationKey } from "../../../src/runtime/vocabulary.js";
import { COINBASES, type FuzzWorld, runBlock, tx } from "../../runtime/parallel/helpers/fuzz-world.js";
import { type SolcVersion, compileFixtures } from "./compile.js";

/** A world of deployed fixture contracts. */
export interface GroundWorld {
  readonly world: FuzzWorld;
  readonly accounts: string[];
  /** Address (lowercase) → contract name, for the analyzer's `deployments`. */
  readonly deployments: Record<string, string>;
  readonly interfaces: Record<string, Interface>;
}

/** One executed transaction: what the analyzer reads, and its storage read/write sets. */
export interface Observed {
  tx: ExecutedTransaction;
  label: string;
  reads: Set<string>;
  writes: Set<string>;
  /** Commutative balance credits (`balance:` keys): they conflict with reads and writes, not with each other. */
  deltas: Set<string>;
  reverted: boolean;
}

type Compiled = Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;

/** A funded world with `count` accounts. */
export async function createGroundWorld(count = 6): Promise<GroundWorld> {
  const state = new FlatState(new TrieCommitment());
  const context = await createEvmContext({ chainId: 31337n, hardfork: "osaka", blockHash: () => undefined });
  const accounts = Array.from({ length: count }, (_, i) => `0x${(0xa000 + i).toString(16).padStart(40, "0")}`);
  state.apply(new Map(accounts.map((a) => [balanceKey(a), 10n ** 24n])));
  const world: FuzzWorld = {
    state,
    context,
    sequential: new SequentialExecutor(context),
    common: createSharedTxCommon(31337n, "osaka"),
    accounts,
    contracts: {},
    interfaces: {},
    bytecode: {},
    nonces: new Map(),
    blockNumber: 1n,
  };
  return { world, accounts, deployments: {}, interfaces: {} };
}

/** ABI and creation code of contract `name` compiled from a fixture file (and its imports). */
export function artifact(version: SolcVersion, file: string, name: string): { iface: Interface; bytecode: string } {
  const sources = compileFixtures(version, [file]).output.contracts as Compiled;
  const out = Object.values(sources).find((contracts) => contracts[name] !== undefined)?.[name];
  if (out === undefined) throw new Error(`no ${name} in ${file}`);
  return { iface: new Interface(out.abi as string[]), bytecode: `0x${out.evm.bytecode.object}` };
}

/** Records a contract created by another (a factory's pair) under its name. */
export function register(g: GroundWorld, version: SolcVersion, file: string, name: string, address: string): void {
  g.interfaces[name] = artifact(version, file, name).iface;
  g.deployments[address.toLowerCase()] = name;
}

/** Deploys contract `name` of a fixture file (compiled with `version`); returns its address. */
export async function deploy(
  g: GroundWorld,
  version: SolcVersion,
  file: string,
  name: string,
  args: unknown[] = [],
): Promise<string> {
  const { iface, bytecode } = artifact(version, file, name);
  return deployCode(g, name, iface, bytecode, args);
}

/**
 * Deploys given creation code under contract `name` (its ABI `iface`): a package's published build artifact,
 * whose bytecode (and so create2 init code hash) is the one deployed on chain; returns its address.
 */
export async function deployCode(
  g: GroundWorld,
  name: string,
  iface: Interface,
  bytecode: string,
  args: unknown[] = [],
): Promise<string> {
  g.interfaces[name] = iface;
  const data = `${bytecode}${iface.encodeDeploy(args).slice(2)}`;
  const from = g.accounts[0] ?? "";
  const create = tx(g.world, from, undefined, fromHex(data), 0n, 12_000_000n);
  const result = await runBlock(g.world, g.world.sequential, [create], COINBASES[0] ?? "");
  g.world.blockNumber++;
  const created = result.executed[0]?.createdAddress;
  if (created === undefined || result.executed[0]?.status !== 1) throw new Error(`deploying ${name} failed`);
  g.deployments[created.toLowerCase()] = name;
  return created.toLowerCase();
}

/** A call to run: sender, contract address, contract name (for its ABI), function and arguments. */
export interface Call {
  from: string;
  to: string;
  contract: string;
  fn: string;
  args: unknown[];
  /** Wei sent with the call (0 when absent). */
  value?: bigint;
}

/**
 * Runs calls as one block on the runtime; returns each transaction's observed access sets (storage, and with
 * `balances` the ETH balances too).
 */
export async function runCalls(
  g: GroundWorld,
  calls: Call[],
  options: { balances?: boolean } = {},
): Promise<Observed[]> {
  const txs = calls.map((c) => {
    const iface = g.interfaces[c.contract];
    if (iface === undefined) throw new Error(`no ABI for ${c.contract}`);
    const input = iface.encodeFunctionData(c.fn, c.args);
    return { call: c, input, typed: tx(g.world, c.from, c.to, fromHex(input), c.value ?? 0n, 3_000_000n) };
  });
  const result = await runBlock(
    g.world,
    g.world.sequential,
    txs.map((t) => t.typed),
    COINBASES[0] ?? "",
    1_000_000_000n,
  );
  g.world.blockNumber++;
  if (result.skipped.length > 0) throw new Error(`skipped: ${result.skipped[0]?.message}`);
  return result.executed.map((e, i) => {
    const t = txs[i];
    if (t === undefined) throw new Error("transaction count");
    const reads = storageKeys(e.access.reads.keys());
    const writes = storageKeys(e.access.writes.keys());
    const value = (k: string) => `0x${BigInt(e.access.reads.get(k) ?? 0n).toString(16)}`;
    const accesses = [
      ...[...reads].map((k) => ({ ...slotOf(k), kind: "read" as const, value: value(k) })),
      ...[...writes].map((k) => ({ ...slotOf(k), kind: "write" as const })),
    ];
    const deltas = new Set<string>();
    if (options.balances === true) {
      for (const k of e.access.reads.keys()) if (k.startsWith("balance:")) reads.add(k);
      for (const k of e.access.writes.keys()) if (k.startsWith("balance:")) writes.add(k);
      for (const k of e.access.deltas.keys()) deltas.add(k);
    }
    return {
      tx: {
        hash: toHex(e.tx.hash()),
        from: t.call.from,
        to: t.call.to,
        input: t.input,
        accesses,
        reverted: e.status !== 1,
      },
      label: `${t.call.contract}.${t.call.fn}`,
      reads,
      writes,
      deltas,
      reverted: e.status !== 1,
    };
  });
}

function storageKeys(keys: Iterable<string>): Set<string> {
  return new Set([...keys].filter((k) => k.startsWith("storage:")));
}

function slotOf(key: string): { address: string; slot: string } {
  const parsed = parseLocationKey(key);
  if (parsed.kind !== "storage") throw new Error(`not a storage key: ${key}`);
  return { address: parsed.address, slot: parsed.slot };
}

/**
 * Whether two observed transactions conflict: one writes a slot (or balance) the other reads or writes, or
 * credits a balance (a delta) the other reads or writes — not counting the balance of a sender both pay gas
 * from. Two credits commute.
 */
export function conflicts(a: Observed, b: Observed): boolean {
  const sender = a.tx.from.toLowerCase() === b.tx.from.toLowerCase() ? `balance:${a.tx.from.toLowerCase()}` : "";
  const touches = (o: Observed, k: string) => k !== sender && (o.reads.has(k) || o.writes.has(k));
  for (const k of [...a.writes, ...a.deltas]) if (touches(b, k)) return true;
  for (const k of [...b.writes, ...b.deltas]) if (touches(a, k)) return true;
  return false;
}
