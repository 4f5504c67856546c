/**
 * A sharding fixture with a story: four apps (router k → pool k, each with its own storage) that mostly stay
 * among themselves, and every fourth swap's pool paying out through one shared token. The best placement
 * spreads the apps over the shards and cuts the pool → token calls of three of them: the atomicity-break list
 * then names `Pool.swap → Token.transfer` with its call site in Pool.sol and the `require` after it.
 */
import type { ContractJson } from "../../../src/analyzer/index.js";
import type { BlockTrace } from "../../../src/report/record/block-trace.js";
import type { ShardingInput } from "../../../src/report/sharding/sharding-what-if.js";
import { blockOf, chainTx, contract } from "./sharding-traces.js";

export const SWAP = "0x11111111";
export const POOL_SWAP = "0x22222222";
export const TRANSFER = "0xa9059cbb";

/** Pool.sol: `swap` calls `token.transfer`, then checks its result and the reserves. */
export const POOL_SOURCE = [
  "// SPDX-License-Identifier: MIT", // 1
  "pragma solidity ^0.8.24;", // 2
  "contract Pool {", // 3
  "    function swap(address to, uint256 amount) external {", // 4
  "        // require(false) in a comment does not count", // 5
  "        bool ok = token.transfer(to, amount);", // 6
  '        require(ok, "transfer failed {");', // 7
  "        if (reserve < amount) revert Insufficient();", // 8
  "    }", // 9
  "    function other() external { require(true); }", // 10
  "}", // 11
].join("\n");

const CALL = "token.transfer(to, amount)";

/** The traffic: 4 routers (1..4) → pools (11..14); every fourth transaction the pool also calls token 20. */
export function appTraffic(n = 64): BlockTrace[] {
  return [
    blockOf(n, (i) => {
      const k = i % 4;
      const path = [
        { to: 1 + k, selector: SWAP },
        { to: 11 + k, selector: POOL_SWAP },
      ];
      if (Math.floor(i / 4) % 4 === 0) path.push({ to: 20, selector: TRANSFER });
      return chainTx(i, i, path, 80_000, i);
    }),
  ];
}

function contractJson(name: string, functions: ContractJson["functions"]): ContractJson {
  return { name, sourceName: `contracts/${name}.sol`, functions } as unknown as ContractJson;
}

/** Names, the static analysis' located external call and the source text of the fixture. */
export function appInput(): ShardingInput {
  const deployments: Record<string, string> = { [contract(20)]: "Token" };
  for (let k = 0; k < 4; k++) {
    deployments[contract(1 + k)] = "Router";
    deployments[contract(11 + k)] = "Pool";
  }
  const offset = Buffer.byteLength(POOL_SOURCE.slice(0, POOL_SOURCE.indexOf(CALL)));
  const swap = {
    name: "swap",
    signature: "swap(address,uint256)",
    selector: POOL_SWAP,
    externalCalls: [
      {
        kind: "call",
        target: "token",
        fn: "transfer",
        src: `${offset}:${CALL.length}:0`,
        callee: {
          contract: "Token",
          function: "transfer(address,uint256)",
          selector: TRANSFER,
          args: [],
          sender: "this",
        },
        at: { file: "contracts/Pool.sol", line: 6, column: 19 },
      },
    ],
  };
  const contracts = new Map([
    ["Pool", contractJson("Pool", [swap] as unknown as ContractJson["functions"])],
    [
      "Token",
      contractJson("Token", [
        { name: "transfer", selector: TRANSFER, externalCalls: [] },
      ] as unknown as ContractJson["functions"]),
    ],
  ]);
  return { deployments, contracts, sources: new Map([["contracts/Pool.sol", POOL_SOURCE]]) };
}
