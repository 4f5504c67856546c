/**
 * Which failures of a precompile call revm (Hardhat's network) counts as running out of gas. Its gas check
 * comes before the input check for most precompiles, and EIP-7823's modexp size limit is an error there, while
 * @ethereumjs reports that limit as out of gas: the transaction errors, the traces and the gas estimation mode
 * all tell these apart the same way.
 */
import { toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

/**
 * A precompile's cost where it does not depend on the input being valid. EDR (revm) checks the gas before
 * the input, @ethereumjs some inputs first: a call with too little gas for this cost is out of gas on EDR
 * whatever the input. Undefined where revm validates first (blake2f, the BLS MSMs and pairing) or the cost
 * needs a valid input (modexp).
 */
function precompileCost(n: number, length: number): bigint | undefined {
  const words = BigInt(Math.ceil(length / 32));
  const fixed: Readonly<Record<number, bigint>> = {
    1: 3000n,
    6: 150n,
    7: 6000n,
    0x0a: 50_000n,
    0x0b: 375n,
    0x0d: 600n,
    0x10: 5500n,
    0x11: 23_800n,
  };
  if (n === 2) return 60n + 12n * words;
  if (n === 3) return 600n + 120n * words;
  if (n === 4) return 15n + 3n * words;
  if (n === 8) return 45_000n + 34_000n * BigInt(Math.floor(length / 192));
  return fixed[n];
}

const MODEXP = "0x0000000000000000000000000000000000000005";
const MODEXP_MAX_LENGTH = 1024n;

/** Whether a modexp input exceeds EIP-7823's 1,024-byte limit on one of its three lengths. */
function exceedsModexpLimit(data: Uint8Array): boolean {
  const padded = new Uint8Array(96);
  padded.set(data.subarray(0, 96));
  for (let i = 0; i < 3; i++) {
    const length = BigInt(toHex(padded.subarray(32 * i, 32 * (i + 1))));
    if (length > MODEXP_MAX_LENGTH) return true;
  }
  return false;
}

/** Whether `address` is one of the precompiles (0x01–0x11 on Osaka). */
export function isPrecompile(address: AddressHex | undefined): boolean {
  if (address === undefined || !/^0x0{38}[0-9a-f]{2}$/.test(address)) return false;
  const n = Number.parseInt(address.slice(-2), 16);
  return n >= 1 && n <= 0x11;
}

/**
 * Whether a failed run of precompile `to` ran out of gas as revm tells it: its gas was below the precompile's
 * cost, or @ethereumjs ran out of gas other than at EIP-7823's modexp limit (which revm reports as an error).
 */
export function precompileOutOfGas(
  to: AddressHex,
  data: Uint8Array,
  gasAvailable: bigint | undefined,
  ranOutOfGas: boolean,
): boolean {
  const modexpLimit = to === MODEXP && exceedsModexpLimit(data);
  const cost = precompileCost(Number.parseInt(to.slice(-2), 16), data.length);
  const tooLittleGas = cost !== undefined && gasAvailable !== undefined && gasAvailable < cost;
  return (ranOutOfGas && !modexpLimit) || tooLittleGas;
}
