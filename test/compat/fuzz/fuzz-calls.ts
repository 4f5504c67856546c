/**
 * What the fuzzer deploys and calls: the compat fixture's contracts (Compat, FuzzTarget, an OpenZeppelin
 * ERC20) and random calldata for each of their functions — successes, every revert kind (reason strings,
 * custom errors, panics, bare reverts), invalid opcodes, gas exhaustion, CREATE/CREATE2, value transfers,
 * transient storage, refunds, anonymous events, precompile calls and a SELFBALANCE observer.
 */
import { Interface } from "ethers";

import { bytecodeOf } from "../helpers/compat-pair.js";

import type { Family } from "./compat-stream.js";

type Random = () => number;

/** A callable function: calldata (and optionally a value) from random numbers. */
export interface CallTemplate {
  readonly data: (r: Random) => string;
  readonly value?: (r: Random) => string;
  /** The feature family it belongs to, when a CI slice may leave it out. */
  readonly family?: Family;
}

const compat = new Interface([
  "function increment()",
  "function failReason()",
  "function failCustom(uint256 code)",
  "function failBare()",
  "function failDivide(uint256 divisor) returns (uint256)",
  "function failOverflow(uint256 add) returns (uint256)",
  "function failAssert()",
  "function failIndex(uint256 index) returns (uint256)",
  "function deposit(bytes32 tag) payable",
  "function withdraw(uint256 amount)",
  "function create(uint256 initial) payable returns (address)",
  "function create2(uint256 initial, bytes32 salt) payable returns (address)",
  "function burn(uint256 rounds)",
  "function counter() view returns (uint256)",
]);
const target = new Interface([
  "function poke(uint256 key, uint256 value)",
  "function clear(uint256 key)",
  "function shout(uint256 key, uint256 value)",
  "function transient(uint256 value) returns (uint256)",
  "function precompile(uint256 which, bytes input) returns (bool, bytes)",
  "function precompileStrict(uint256 which, bytes input) view returns (bytes)",
  "function invalidOpcode()",
  "function exhaust()",
  "function forward(address to) payable",
  "function blockInfo() view returns (uint256, uint256, address, uint256, uint256)",
]);
const token = new Interface([
  "function transfer(address to, uint256 amount) returns (bool)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function transferFrom(address from, address to, uint256 amount) returns (bool)",
  "function balanceOf(address who) view returns (uint256)",
]);

const int = (r: Random, max: number): number => Math.floor(r() * max);
const word = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;
const small = (r: Random): string => `0x${int(r, 2000).toString(16)}`;
const PEOPLE = [
  "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  "0x1111111111111111111111111111111111111111",
];
const person = (r: Random): string => PEOPLE[int(r, PEOPLE.length)] ?? PEOPLE[0] ?? "";
const bytes = (r: Random, n: number): string =>
  `0x${Array.from({ length: n }, () => int(r, 256).toString(16).padStart(2, "0")).join("")}`;

/** Every function the fuzzer calls (the target contract is picked separately, so some calls hit the wrong one). */
export const CALLS: readonly CallTemplate[] = [
  { data: () => compat.encodeFunctionData("increment") },
  { data: () => compat.encodeFunctionData("failReason") },
  { data: (r) => compat.encodeFunctionData("failCustom", [int(r, 100)]) },
  { data: () => compat.encodeFunctionData("failBare") },
  { data: (r) => compat.encodeFunctionData("failDivide", [int(r, 2)]) },
  { data: (r) => compat.encodeFunctionData("failOverflow", [int(r, 2)]) },
  { data: () => compat.encodeFunctionData("failAssert") },
  { data: (r) => compat.encodeFunctionData("failIndex", [int(r, 3)]) },
  { data: (r) => compat.encodeFunctionData("deposit", [word(int(r, 3))]), value: small },
  { data: (r) => compat.encodeFunctionData("withdraw", [int(r, 500)]) },
  { data: (r) => compat.encodeFunctionData("create", [int(r, 9)]), value: small },
  { data: (r) => compat.encodeFunctionData("create2", [int(r, 9), word(int(r, 3))]), value: small },
  { data: (r) => compat.encodeFunctionData("burn", [int(r, 6)]) },
  { data: () => compat.encodeFunctionData("counter") },
  { data: (r) => target.encodeFunctionData("poke", [int(r, 3), int(r, 3)]) },
  { data: (r) => target.encodeFunctionData("clear", [int(r, 3)]) },
  { data: (r) => target.encodeFunctionData("shout", [int(r, 3), int(r, 100)]) },
  { data: (r) => target.encodeFunctionData("transient", [int(r, 100)]) },
  {
    data: (r) => target.encodeFunctionData("precompile", [1 + int(r, 17), bytes(r, [0, 32, 64, 128][int(r, 4)] ?? 0)]),
  },
  {
    data: (r) =>
      target.encodeFunctionData("precompileStrict", [1 + int(r, 17), bytes(r, [0, 32, 192][int(r, 3)] ?? 0)]),
  },
  { data: () => target.encodeFunctionData("invalidOpcode") },
  { data: () => target.encodeFunctionData("exhaust") },
  { data: (r) => target.encodeFunctionData("forward", [person(r)]), value: small },
  { data: () => target.encodeFunctionData("blockInfo"), family: "block-context" },
  { data: (r) => token.encodeFunctionData("transfer", [person(r), int(r, 10 ** 6)]) },
  { data: (r) => token.encodeFunctionData("approve", [person(r), int(r, 10 ** 6)]) },
  { data: (r) => token.encodeFunctionData("transferFrom", [person(r), person(r), int(r, 1000)]) },
  { data: (r) => token.encodeFunctionData("balanceOf", [person(r)]) },
  { data: (r) => bytes(r, int(r, 8)) },
  // Value with any calldata: a payable credit before the balance observer below reads SELFBALANCE.
  { data: (r) => bytes(r, int(r, 8)), value: small },
];

/** Deployment transaction fields (data and value) of each fixture contract. */
export const DEPLOYABLE: ReadonlyArray<(r: Random) => Record<string, string>> = [
  () => ({ data: bytecodeOf("Compat.sol", "Compat") }),
  () => ({ data: bytecodeOf("FuzzTarget.sol", "FuzzTarget") }),
  () => ({ data: bytecodeOf("Token.sol", "Token") }),
  // A balance observer: every call stores SELFBALANCE in slot 0 (runtime `47 60 00 55 00`), so a credit the
  // runtime keeps as a delta must still be seen exactly when the code reads it.
  () => ({ data: "0x600580600b6000396000f34760005500" }),
  // A creation that reverts (init code `revert(0, 0)`) and one that runs out of gas (`invalid`).
  () => ({ data: "0x60006000fd" }),
  () => ({ data: "0xfe" }),
];
