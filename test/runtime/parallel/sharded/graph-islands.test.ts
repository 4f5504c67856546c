import { expect } from "chai";

import { islands } from "../../../../src/runtime/parallel/sharded/graph-islands.js";

describe("sharded: graph islands", () => {
  it("gives the connected components, heaviest first, ignoring links to addresses left out", () => {
    const nodes = new Map([
      ["0xa", 3],
      ["0xb", 1],
      ["0xc", 5],
      ["0xd", 1],
      ["0xe", 2],
    ]);
    const links: Array<[string, string]> = [
      ["0xa", "0xb"],
      ["0xc", "0xd"],
      ["0xd", "0xhub"],
      ["0xe", "0xhub"],
    ];
    const edges = new Map<string, Map<string, number>>();
    for (const [x, y] of links) {
      for (const [p, q] of [
        [x, y],
        [y, x],
      ] as const) {
        if (!edges.has(p)) edges.set(p, new Map());
        edges.get(p)?.set(q, 1);
      }
    }
    expect(islands(nodes, edges)).to.deep.equal([
      { members: ["0xc", "0xd"], weight: 6 },
      { members: ["0xa", "0xb"], weight: 4 },
      { members: ["0xe"], weight: 2 },
    ]);
    expect(islands(new Map(), edges)).to.deep.equal([]);
  });
});
