/**
 * The system contracts in the genesis state of Hardhat's network, so the state root, every block hash and
 * calls to these addresses match it: from Cancun on, EIP-4788's beacon-roots contract (its code as the EIP
 * specifies; Hardhat's network never calls it at block start, so its storage stays empty); from Prague on,
 * at EIP-2935's history-storage address, the contract Hardhat's network places there instead of the real
 * one: every call reverts with "EIP2935 is not supported in Hardhat yet…". Both with nonce 0 and no balance
 * (all measured against EDR with the hardfork set to shanghai, cancun, prague and osaka).
 */
import type { Common } from "@ethereumjs/common";

import { fromHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

/** A contract present at genesis. */
export interface SystemContract {
  readonly address: AddressHex;
  readonly code: Uint8Array;
  /** The first hardfork that has it. */
  readonly since: "cancun" | "prague";
}

const BEACON_ROOTS_CODE =
  "0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414" +
  "603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500";

const HISTORY_STORAGE_UNSUPPORTED_CODE =
  "0x60806040526040517f08c379a0000000000000000000000000000000000000000000000000000000008152600401610036906100e8" +
  "565b60405180910390fd5b600082825260208201905092915050565b7f45495032393335206973206e6f7420737570706f727465642069" +
  "6e204861726460008201527f686174207965743a2068747470733a2f2f6769746875622e636f6d2f4e6f6d6960208201527f63466f756e" +
  "646174696f6e2f686172646861742f6973737565732f3632323600604082015250565b60006100d2605f8361003f565b91506100dd8261" +
  "0050565b606082019050919050565b60006020820190508181036000830152610101816100c5565b905091905056fea264697066735822" +
  "12209faaba1140034f51b16123b009d46640f0f499cf7ca044d2901caa9cf73048dc64736f6c634300081c0033";

const SYSTEM_CONTRACTS: readonly SystemContract[] = [
  { address: "0x000f3df6d732807ef1319fb7b8bb8522d0beac02", code: fromHex(BEACON_ROOTS_CODE), since: "cancun" },
  {
    address: "0x0000f90827f1c53a10cb7a02335b175320002935",
    code: fromHex(HISTORY_STORAGE_UNSUPPORTED_CODE),
    since: "prague",
  },
];

/** The system contracts a chain of `common`'s hardfork starts with. */
export function genesisSystemContracts(common: Common): SystemContract[] {
  return SYSTEM_CONTRACTS.filter((c) => common.gteHardfork(c.since));
}
