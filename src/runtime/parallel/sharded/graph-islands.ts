/**
 * The islands of an access graph: its connected components once the shared addresses (hubs) are left out.
 * Pools with their own tokens and traders form one island each; the graph partitioner places an island whole
 * whenever a shard has room for it, so only islands larger than a shard are ever cut.
 */
import type { AddressHex } from "../../vocabulary.js";

/** One connected component: its members (heaviest first) and their total weight. */
export interface Island {
  readonly members: AddressHex[];
  readonly weight: number;
}

/**
 * Connected components of `nodes` over `edges` (links to addresses outside `nodes` ignored), heaviest first;
 * ties and members ordered by address, so the result does not depend on insertion order.
 */
export function islands(
  nodes: ReadonlyMap<AddressHex, number>,
  edges: ReadonlyMap<AddressHex, ReadonlyMap<AddressHex, number>>,
): Island[] {
  const seen = new Set<AddressHex>();
  const out: Island[] = [];
  for (const start of [...nodes.keys()].sort()) {
    if (seen.has(start)) continue;
    seen.add(start);
    const members: AddressHex[] = [];
    const stack = [start];
    for (let a = stack.pop(); a !== undefined; a = stack.pop()) {
      members.push(a);
      for (const b of edges.get(a)?.keys() ?? []) {
        if (seen.has(b) || !nodes.has(b)) continue;
        seen.add(b);
        stack.push(b);
      }
    }
    const weightOf = (x: AddressHex): number => nodes.get(x) ?? 0;
    members.sort((x, y) => weightOf(y) - weightOf(x) || (x < y ? -1 : 1));
    out.push({ members, weight: members.reduce((s, x) => s + weightOf(x), 0) });
  }
  return out.sort((x, y) => y.weight - x.weight || ((x.members[0] ?? "") < (y.members[0] ?? "") ? -1 : 1));
}
