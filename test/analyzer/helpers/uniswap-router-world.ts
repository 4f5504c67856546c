/**
 * The Uniswap V2 router fixture's world for record-valued analyzer tests (untouched slots, get-or-create
 * locals): where the router, factory, two pairs and four tokens are deployed, two senders, and the storage-slot
 * arithmetic the tests use to write transaction records by hand.
 */
import { AbiCoder, keccak256 } from "ethers";

export const FILE = "UniswapV2Router.sol";
export const ROUTER = "0x00000000000000000000000000000000000a0001";
export const FACTORY = "0x00000000000000000000000000000000000a0002";
export const PAIRS = ["0x00000000000000000000000000000000000a0003", "0x00000000000000000000000000000000000a0004"];
export const TOKENS = [1, 2, 3, 4].map((i) => `0x00000000000000000000000000000000000b000${i}`);
export const SENDERS = ["0x000000000000000000000000000000000000a11c", "0x0000000000000000000000000000000000000b0b"];
export const deployments: Record<string, string> = {
  [ROUTER]: "UniswapV2Router",
  [FACTORY]: "UniswapV2Factory",
  [PAIRS[0] ?? ""]: "UniswapV2Pair",
  [PAIRS[1] ?? ""]: "UniswapV2Pair",
  ...Object.fromEntries(TOKENS.map((t) => [t, "TestToken"])),
};

const coder = AbiCoder.defaultAbiCoder();
/** The slot of `mapping[key]` for a mapping at `slot`. */
export const mapSlot = (key: string, slot: string): string =>
  keccak256(coder.encode(["address", "uint256"], [key, slot]));
/** A 32-byte word of `n`, 0x-prefixed. */
export const word = (n: bigint | string): string => `0x${BigInt(n).toString(16).padStart(64, "0")}`;
