/**
 * The static half of the fixture report: the contracts Arena (a global round counter and high score make
 * battle/battle always conflict) and ArenaParallel (per-shard scores: only key-dependent pairs), as the
 * analyzer would describe them. Source references point at the sample project's declarations.
 */
import type { ContractReport, Finding, SourceRef, StaticPair } from "../../../src/report/report-model.js";

/** Source names of the fixture contracts. */
export const ARENA = "contracts/gaming/Arena.sol";
export const ARENA_PARALLEL = "contracts/gaming/ArenaParallel.sol";

/** A source reference. */
export function at(file: string, line: number, column: number): SourceRef {
  return { file, line, column };
}

function pair(first: string, second: string, conflict: string, variables: string[], condition: string): StaticPair {
  return { first, second, conflict, variables, condition };
}

function staticFinding(
  contract: string,
  variable: string,
  file: string,
  line: number,
  acknowledged: string | undefined,
): Finding {
  return {
    id: `hot-slot:${contract}.${variable}`,
    kind: "hot-slot",
    subject: `${contract}.${variable}`,
    contract,
    variable,
    functions: ["battle(address)"],
    source: at(file, line, 5),
    remedy: { kind: "partitioned-counter", text: `Keep N partitioned ${variable} counters summed on read` },
    tradeOff: { gasPerTransaction: 0, gasText: "about the same per write", speedup: undefined },
    edgeShare: undefined,
    workloads: [],
    acknowledged,
    storageSlot: `${variable === "round" ? 1 : 2}:0:t_uint256`,
  };
}

/** Static analysis of Arena. */
export const arena: ContractReport = {
  name: "Arena",
  sourceName: ARENA,
  kind: "contract",
  method: "ast",
  functions: ["battle(address)", "register()", "rest()"],
  pairs: [
    pair(
      "battle(address)",
      "battle(address)",
      "always",
      ["round", "highScore", "champion"],
      "always conflict on round",
    ),
    pair("battle(address)", "register()", "key-dependent", ["players"], "msg.sender = opponent"),
    pair("battle(address)", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender' or opponent"),
    pair("register()", "register()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
    pair("register()", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
    pair("rest()", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
  ],
  counts: { always: 1, "key-dependent": 5, "commutative-only": 0, unknown: 0, none: 0 },
  unknownFunctions: [],
  findings: [
    staticFinding("Arena", "round", ARENA, 31, undefined),
    staticFinding("Arena", "highScore", ARENA, 33, undefined),
  ],
  hotspots: [
    {
      variable: "round",
      pairs: 1,
      declaration: at(ARENA, 31, 5),
      remedy: { kind: "partitioned-counter", text: "Split `round` into per-shard counters summed on read" },
      acknowledged: undefined,
    },
    {
      variable: "highScore",
      pairs: 1,
      declaration: at(ARENA, 33, 5),
      remedy: { kind: "spread-load", text: "Keep one high score per shard" },
      acknowledged: undefined,
    },
  ],
};

/** Static analysis of ArenaParallel. */
export const arenaParallel: ContractReport = {
  name: "ArenaParallel",
  sourceName: ARENA_PARALLEL,
  kind: "contract",
  method: "ast",
  functions: ["battle(address)", "players(address)", "register()", "rest()"],
  pairs: [
    pair("battle(address)", "battle(address)", "key-dependent", ["players", "shardHighScore"], "same player or shard"),
    pair("battle(address)", "players(address)", "key-dependent", ["players"], "argument = msg.sender or opponent"),
    pair("battle(address)", "register()", "key-dependent", ["players"], "msg.sender = opponent"),
    pair("battle(address)", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender' or opponent"),
    pair("players(address)", "players(address)", "none", [], "never conflict"),
    pair("players(address)", "register()", "key-dependent", ["players"], "argument = msg.sender"),
    pair("players(address)", "rest()", "key-dependent", ["players"], "argument = msg.sender"),
    pair("register()", "register()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
    pair("register()", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
    pair("rest()", "rest()", "key-dependent", ["players"], "msg.sender = msg.sender'"),
  ],
  counts: { always: 0, "key-dependent": 9, "commutative-only": 0, unknown: 0, none: 1 },
  unknownFunctions: [],
  findings: [
    staticFinding("ArenaParallel", "shardHighScore", ARENA_PARALLEL, 37, "16 shards bound contention by design"),
  ],
  hotspots: [
    {
      variable: "shardHighScore",
      pairs: 1,
      declaration: at(ARENA_PARALLEL, 37, 5),
      remedy: { kind: "none", text: "Already sharded 16 ways" },
      acknowledged: "16 shards bound contention by design",
    },
  ],
};
