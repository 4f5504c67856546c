/**
 * What `mineBlock` tells about a block: its receipts and, on the parallel network, its execution facts —
 * the strategy, how many executions and re-executions it took, every transaction's decoded read, write and
 * delta sets, and the conflict graph. Conflicts are the report's dependency edges (the DAG of
 * `parallel-report`, Block-STM's semantics): transaction j depends on an earlier i when j reads a location i
 * wrote or credited; writes over writes and commutative credits (deltas) never conflict.
 */
import { buildDependencyDag } from "../report/simulate/dependency-dag.js";

/** One decoded access (as `parallel_getTransactionAccesses` answers it). */
export interface BlockAccess {
  /** Raw location key: `storage:<address>:<slot>`, `balance:<address>`, `nonce:<address>`, `code:<address>`. */
  readonly location: string;
  readonly kind: "balance" | "nonce" | "code" | "storage";
  readonly address: string;
  readonly slot?: string;
  /** Solidity name (`Token._balances[0x…]`), or the raw key when the layout does not explain it. */
  readonly label: string;
  readonly contract?: string;
  readonly variable?: string;
  /** Where the variable is declared (`contracts/Token.sol:12`). */
  readonly declaration?: string;
  /** The source line of the called function that accesses it (`contracts/Token.sol:40`). */
  readonly at?: string;
}

/** One transaction of the block with its access sets. */
export interface TransactionFacts {
  readonly hash: string;
  readonly index: number;
  readonly from: string;
  readonly to: string | null;
  readonly status: "success" | "reverted";
  /** Contract name of the callee (from the artifacts), when known. */
  readonly contract: string | null;
  /** Source name of that contract (`contracts/Token.sol`), when known. */
  readonly sourceName: string | null;
  /** Called function name, when known. */
  readonly function: string | null;
  readonly reads: readonly BlockAccess[];
  readonly writes: readonly BlockAccess[];
  readonly deltas: readonly BlockAccess[];
}

/** A location that makes one transaction depend on an earlier one. */
export interface ConflictLocation {
  readonly location: string;
  readonly label: string;
  /** Source line where the earlier transaction's function writes it, when known. */
  readonly writtenAt?: string;
  /** Source line where the later transaction's function reads it, when known. */
  readonly readAt?: string;
  /** Where the variable is declared, when known. */
  readonly declaration?: string;
}

/** `to` must run after `from` (indexes in the block, `from < to`) because of `locations`. */
export interface Conflict {
  readonly from: number;
  readonly to: number;
  readonly locations: readonly ConflictLocation[];
}

/** How the parallel network executed the block. */
export interface ExecutionFacts {
  /** `block-stm`, `sharded`, or `sequential` (the fallback policy runs small or cheap blocks sequentially). */
  readonly strategy: string;
  /** Why that strategy was used. */
  readonly reason: string;
  readonly executions: number;
  readonly reExecutions: number;
  readonly transactions: readonly TransactionFacts[];
  readonly conflicts: readonly Conflict[];
  /** Every `Contract` and `Contract.variable` deployed on the chain: what a label may name. */
  readonly variables: readonly string[];
}

/** A receipt, reduced to what assertions use; `raw` is the JSON-RPC receipt. */
export interface BlockReceipt {
  readonly hash: string;
  readonly index: number;
  readonly from: string;
  readonly to: string | null;
  readonly status: "success" | "reverted";
  readonly gasUsed: bigint;
  readonly contractAddress: string | null;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The result of `mineBlock`. */
export interface MinedBlock {
  readonly network: string;
  readonly number: bigint;
  readonly hash: string;
  readonly receipts: readonly BlockReceipt[];
  /** Execution facts; `undefined` on a network the plugin does not serve (see `unavailable`). */
  readonly facts: ExecutionFacts | undefined;
  /** Why `facts` is undefined. */
  readonly unavailable?: string;
}

/** The conflict graph of a block's transactions. */
export function conflictsOf(transactions: readonly TransactionFacts[]): Conflict[] {
  const keys = (list: readonly BlockAccess[]): string[] => list.map((a) => a.location);
  const dag = buildDependencyDag({
    transactions: transactions.map((t, index) => ({
      index,
      gasUsed: 1,
      reads: keys(t.reads),
      writes: keys(t.writes),
      deltas: keys(t.deltas),
    })),
  });
  const find = (list: readonly BlockAccess[], key: string): BlockAccess | undefined =>
    list.find((a) => a.location === key);
  return dag.edges.map((edge) => {
    const first = transactions[edge.from];
    const second = transactions[edge.to];
    const locations = edge.locations.map((key): ConflictLocation => {
      const written = first === undefined ? undefined : (find(first.writes, key) ?? find(first.deltas, key));
      const read = second === undefined ? undefined : find(second.reads, key);
      const writtenAt = written?.at;
      const readAt = read?.at;
      const declaration = written?.declaration ?? read?.declaration;
      return {
        location: key,
        label: written?.label ?? read?.label ?? key,
        ...(writtenAt === undefined ? {} : { writtenAt }),
        ...(readAt === undefined ? {} : { readAt }),
        ...(declaration === undefined ? {} : { declaration }),
      };
    });
    return { from: edge.from, to: edge.to, locations };
  });
}
