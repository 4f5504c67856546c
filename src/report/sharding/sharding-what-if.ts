/**
 * The sharding what-if of one workload (or of the test-run profile): builds the access graph, places it with
 * every policy at every shard count, recommends a policy, and derives from the recommendation the shard
 * picture, the co-location advice, the hot-account diagnosis and the atomicity-break list. Degenerate traffic
 * (no transaction, one account, no cross-contract call, more shards than accounts) is said in words in
 * `notes` and `atomicityNote`; no figure is ever NaN or a division by zero. Deterministic: no clock, no random.
 */
import type { ContractJson } from "../../analyzer/index.js";
import type { BlockTrace } from "../record/block-trace.js";
import type { AddressAlias } from "../record/workload-runner.js";
import { buildAccessGraph, edgesByWeight, type AccessGraph } from "./access-graph.js";
import { atomicityBreaks } from "./atomicity-breaks.js";
import { HOT_THRESHOLD, hotAccounts } from "./hot-accounts.js";
import { bestPlacement, DEFAULT_COST_MODEL, round4 } from "./placement-metrics.js";
import type { Placement } from "./placement-policies.js";
import { shardingNotes, atomicityNote } from "./sharding-notes.js";
import { indexTraffic, readOnlyAccounts, type TrafficIndex } from "./traffic-index.js";
import {
  PLACEMENT_POLICIES,
  REFERENCE_SHARDS,
  SHARD_COUNTS,
  type AtomicityBreak,
  type CoLocation,
  type HotAccount,
  type MeasuredSharding,
  type PlacementFigures,
  type ShardAccount,
  type ShardingRecommendation,
  type ShardingSection,
} from "./sharding-model.js";

/** Everything the section needs besides the blocks; all optional. */
export interface ShardingInput {
  /** Address → contract name of what the workload deployed. */
  readonly deployments?: Readonly<Record<string, string>>;
  /** What per-connection addresses of a test-run profile stand for (`WorkloadRun.aliases`): shown instead. */
  readonly aliases?: Readonly<Record<string, AddressAlias>>;
  readonly contracts?: ReadonlyMap<string, ContractJson>;
  readonly sources?: ReadonlyMap<string, string>;
  readonly labelOf?: (location: string) => string | undefined;
  readonly measured?: MeasuredSharding;
  /** The chain's fee recipient: its balance binds no transaction to a shard. */
  readonly coinbase?: string;
  /** `test-run profile` or `workload`, for the notes. */
  readonly subject?: string;
}

/** Rows of the shard picture at most (every named contract, then the heaviest other accounts). */
const ASSIGNMENT_ROWS = 24;
const CO_LOCATE_ROWS = 5;

function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/**
 * Names accounts: the deployed contract's name, `contract 0x…` for other storage owners, else `account 0x…`.
 * A per-connection address of a test-run profile shows as the address the tests saw and its connection.
 */
export function accountNamer(
  storageOwners: ReadonlySet<string>,
  deployments: Readonly<Record<string, string>>,
  aliases: Readonly<Record<string, AddressAlias>> = {},
): (address: string) => ShardAccount {
  const short = (address: string): string => {
    const alias = aliases[address];
    return alias === undefined
      ? shortAddress(address)
      : `${shortAddress(alias.address)} (connection ${alias.connection})`;
  };
  const count = new Map<string, number>();
  for (const n of Object.values(deployments)) count.set(n, (count.get(n) ?? 0) + 1);
  const contracts = new Map(Object.entries(deployments).map(([a, n]) => [a.toLowerCase(), n]));
  return (address: string): ShardAccount => {
    const contract = contracts.get(address);
    // A name several deployments share (eight SampleTokens) gets the address, so rows can be told apart.
    if (contract !== undefined) {
      const name = (count.get(contract) ?? 0) > 1 ? `${contract} ${short(address)}` : contract;
      return { address, name, contract, kind: "contract" };
    }
    if (storageOwners.has(address))
      return { address, name: `contract ${short(address)}`, contract: undefined, kind: "contract" };
    return { address, name: `account ${short(address)}`, contract: undefined, kind: "account" };
  };
}

function recommend(figures: readonly PlacementFigures[]): ShardingRecommendation | undefined {
  const candidates = figures.filter((f) => f.shards === REFERENCE_SHARDS);
  const best = [...candidates].sort(
    (a, b) =>
      b.syncSpeedup - a.syncSpeedup ||
      a.crossShardRatio - b.crossShardRatio ||
      PLACEMENT_POLICIES.indexOf(a.policy) - PLACEMENT_POLICIES.indexOf(b.policy),
  )[0];
  if (best === undefined) return undefined;
  const percent = `${Math.round(best.crossShardRatio * 100)} %`;
  const detail = `(${best.syncSpeedup.toFixed(2)}x, ${percent} cross-shard transactions, load imbalance ${best.loadImbalance.toFixed(2)})`;
  const reason =
    best.syncSpeedup > 1
      ? `${best.policy} gives the best simulated throughput with synchronous locks at ${best.shards} shards ` +
        `${detail}; ties go to fewer cross-shard transactions.`
      : `No placement beats a single chain for this traffic at ${best.shards} shards: the best, ${best.policy} ` +
        `${detail}, keeps what the transactions share on one shard. Remove the hot accounts below first.`;
  return {
    policy: best.policy,
    shards: best.shards,
    crossShardRatio: best.crossShardRatio,
    syncSpeedup: best.syncSpeedup,
    reason,
  };
}

function coLocations(graph: AccessGraph, placement: Placement, name: (a: string) => ShardAccount): CoLocation[] {
  const size = Math.max(1, graph.transactions.length);
  return edgesByWeight(graph)
    .slice(0, CO_LOCATE_ROWS)
    .map(({ a, b, weight }) => ({
      first: name(graph.accounts[a] ?? ""),
      second: name(graph.accounts[b] ?? ""),
      transactions: weight,
      share: round4(weight / size),
      together: placement[a] === placement[b],
    }));
}

function assignment(
  graph: AccessGraph,
  placement: Placement,
  name: (a: string) => ShardAccount,
): ShardingSection["assignment"] {
  const total = graph.totalGas === 0 ? 1 : graph.totalGas;
  const rows = graph.accounts.map((address, id) => ({
    account: name(address),
    gasShare: round4((graph.weights[id] ?? 0) / total),
    shard: placement[id] ?? 0,
  }));
  const rank = (r: (typeof rows)[number]): number => (r.account.kind === "contract" ? 0 : 1);
  return rows
    .sort((a, b) => rank(a) - rank(b) || b.gasShare - a.gasShare || a.account.address.localeCompare(b.account.address))
    .slice(0, ASSIGNMENT_ROWS);
}

/** Every policy at every shard count, with the placements by `policy/shards`. */
function placeAll(graph: AccessGraph): { figures: PlacementFigures[]; placements: Map<string, Placement> } {
  const placements = new Map<string, Placement>();
  const figures = PLACEMENT_POLICIES.flatMap((policy) =>
    SHARD_COUNTS.map((shards) => {
      const best = bestPlacement(graph, policy, shards, DEFAULT_COST_MODEL);
      placements.set(`${policy}/${shards}`, best.placement);
      return best.figures;
    }),
  );
  return { figures, placements };
}

/** The recommendation with its placement and figures. */
interface Choice {
  readonly recommended: ShardingRecommendation;
  readonly placement: Placement;
  readonly figures: PlacementFigures;
}

function choose(graph: AccessGraph): { figures: PlacementFigures[]; choice: Choice | undefined } {
  const { figures, placements } = placeAll(graph);
  const recommended = graph.transactions.length === 0 ? undefined : recommend(figures);
  const key = `${recommended?.policy ?? ""}/${recommended?.shards ?? 0}`;
  const placement = placements.get(key);
  const chosen = figures.find((f) => `${f.policy}/${f.shards}` === key);
  const ok = recommended !== undefined && placement !== undefined && chosen !== undefined;
  return { figures, choice: ok ? { recommended, placement, figures: chosen } : undefined };
}

/** Hot accounts and atomicity breaks under the chosen placement. */
function diagnose(
  graph: AccessGraph,
  traffic: TrafficIndex,
  name: (address: string) => ShardAccount,
  input: ShardingInput,
  choice: Choice,
): { hot: HotAccount[]; breaks: AtomicityBreak[] } {
  const hot = hotAccounts(graph, {
    traffic,
    account: name,
    labelOf: input.labelOf ?? (() => undefined),
    policy: choice.recommended.policy,
    shards: choice.recommended.shards,
    now: choice.figures,
    threshold: HOT_THRESHOLD,
  });
  const breaks = atomicityBreaks(graph, choice.placement, {
    account: name,
    contracts: input.contracts ?? new Map(),
    sources: input.sources ?? new Map(),
    hot: new Set(hot.map((h) => h.account.address)),
  });
  return { hot, breaks };
}

/** The sharding section of `blocks` (see the header). */
export function shardingWhatIf(blocks: readonly BlockTrace[], input: ShardingInput = {}): ShardingSection {
  const traffic = indexTraffic(blocks, input.coinbase);
  const graph = buildAccessGraph(traffic);
  const name = accountNamer(traffic.storageOwners, input.deployments ?? {}, input.aliases);
  const { figures, choice } = choose(graph);
  const { hot, breaks } =
    choice === undefined ? { hot: [], breaks: [] } : diagnose(graph, traffic, name, input, choice);
  const accounts = graph.accounts.map(name);
  return {
    status: choice === undefined ? "empty" : "ok",
    notes: shardingNotes(graph, accounts, readOnlyAccounts(traffic).map(name), input.subject ?? "workload"),
    costModel: DEFAULT_COST_MODEL,
    transactions: graph.transactions.length,
    accounts: graph.accounts.length,
    contracts: accounts.filter((a) => a.kind === "contract").length,
    placements: choice === undefined ? [] : figures,
    recommended: choice?.recommended,
    assignment: choice === undefined ? [] : assignment(graph, choice.placement, name),
    coLocate: choice === undefined ? [] : coLocations(graph, choice.placement, name),
    atomicityBreaks: breaks,
    atomicityNote: breaks.length > 0 ? undefined : atomicityNote(graph, choice?.placement),
    hotAccounts: hot,
    hotThreshold: HOT_THRESHOLD,
    measured: input.measured,
  };
}
