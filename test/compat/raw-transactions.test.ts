/**
 * Raw transactions whose fields have the wrong shape, crafted field by field (RLP), refused as Hardhat's
 * network's decoder (alloy-rlp) refuses them: the first faulty field in its order decides ("overflow",
 * "unexpected list", "unexpected string", "unexpected length", "leading zero", "input too short", a y-parity
 * above 1, extra members with their byte counts), then a signature out of range ("Invalid Signature"); a blob
 * transaction without its sidecar is "unexpected string". Compared with EDR (code, message, data) by
 * helpers/differential.ts. Before src/runtime/rpc/raw-transaction-shape.ts, @ethereumjs decoded a gas price of
 * 17 bytes and refused it for want of funds (-32000), and worded the rest its own way.
 */
import { encodeRlp } from "ethers";

import { expectSameOnBoth } from "./helpers/differential.js";

const A = `0x${"11".repeat(20)}`;
const W = `0x${"22".repeat(32)}`;
const e = "0x";
const CHAIN = "0x7a69";

/** [note, type byte ("" for legacy), the fields]. */
const PAYLOADS: ReadonlyArray<readonly [string, string, unknown[]]> = [
  [
    "EIP-2930: a gas price of 17 bytes (was: decoded, refused for funds)",
    "0x01",
    [CHAIN, e, `0x${"01".repeat(17)}`, "0x5208", A, e, e, [], e, W, W],
  ],
  ["EIP-1559: a max fee of 20 bytes", "0x02", [CHAIN, e, e, A, "0x5208", A, e, e, [], e, W, W]],
  [
    "EIP-2930: a legacy payload behind the type byte",
    "0x01",
    ["0x01", "0x02540be400", "0x5208", A, e, e, "0xf4f5", W, W],
  ],
  [
    "EIP-1559: a legacy payload behind the type byte",
    "0x02",
    ["0x01", "0x02540be400", "0x5208", A, e, e, "0xf4f5", W, W],
  ],
  ["EIP-2930: the access list a string", "0x01", [CHAIN, e, e, "0x5208", A, e, e, W, e, W, W]],
  ["EIP-2930: a gas limit of 9 bytes", "0x01", [CHAIN, e, e, "0x010203040506070809", A, e, e, [], e, W, W]],
  ["EIP-2930: a 5-byte recipient", "0x01", [CHAIN, e, e, "0x5208", "0x0102030405", e, e, [], e, W, W]],
  ["EIP-2930: the data a list", "0x01", [CHAIN, e, e, "0x5208", A, e, [], [], e, W, W]],
  ["EIP-2930: a value of 33 bytes", "0x01", [CHAIN, e, e, "0x5208", A, `0x${"01".repeat(33)}`, e, [], e, W, W]],
  ["EIP-2930: y-parity 2", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [], "0x02", W, W]],
  ["EIP-2930: y-parity 0x00 (a leading zero)", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [], "0x00", W, W]],
  ["EIP-2930: an access-list entry a string", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [e], e, W, W]],
  ["EIP-2930: an access-list entry without keys", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [[A]], e, W, W]],
  ["EIP-2930: a 1-byte storage key", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [[A, ["0x01"]]], e, W, W]],
  [
    "EIP-2930: an access-list entry with a third member",
    "0x01",
    [CHAIN, e, e, "0x5208", A, e, e, [[A, [], e]], e, W, W],
  ],
  ["EIP-2930: a field too many", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [], e, W, W, e]],
  ["EIP-2930: r = 0 (and chain id 0)", "0x01", [e, e, e, e, e, e, e, [], e, e, e]],
  [
    "EIP-2930: s above half the curve order",
    "0x01",
    [CHAIN, e, e, "0x5208", A, e, e, [], e, W, `0x${"ff".repeat(32)}`],
  ],
  ["EIP-2930: r above the curve order", "0x01", [CHAIN, e, e, "0x5208", A, e, e, [], e, `0x${"ff".repeat(32)}`, W]],
  ["EIP-7702: the authorization list a string", "0x04", [CHAIN, e, e, e, "0x5208", A, e, e, [], W, e, W, W]],
  [
    "EIP-7702: an authorization of three members",
    "0x04",
    [CHAIN, e, e, e, "0x5208", A, e, e, [], [[e, A, e]], e, W, W],
  ],
  ["EIP-7702: no recipient", "0x04", [CHAIN, e, e, e, "0x5208", e, e, e, [], [], e, W, W]],
  ["EIP-4844 without its sidecar", "0x03", [CHAIN, e, e, e, "0x5208", A, e, e, [], e, [], e, W, W]],
  ["EIP-4844: a 1-byte versioned hash", "0x03", [CHAIN, e, e, e, "0x5208", A, e, e, [], e, ["0x01"], e, W, W]],
  ["legacy: the recipient a list", "", [e, e, "0x5208", [], e, e, "0x1b", W, W]],
  ["legacy: a gas limit of 20 bytes", "", [e, e, A, A, e, e, "0x1b", W, W]],
  ["legacy: v a list", "", [e, e, "0x5208", A, e, e, [], W, W]],
  ["legacy: v of 9 bytes", "", [e, e, "0x5208", A, e, e, "0x010203040506070809", W, W]],
  ["legacy: v = 29", "", [e, e, "0x5208", A, e, e, "0x1d", W, W]],
  ["legacy: r = 0", "", [e, e, "0x5208", A, e, e, "0x1b", e, W]],
  ["legacy: a well-formed one (refused for its price)", "", [e, e, "0x5208", A, e, e, "0x1b", W, W]],
];

describe("compat: raw transactions refused field by field as Hardhat's network's decoder refuses them", () => {
  for (const [note, type, fields] of PAYLOADS) {
    it(note, () =>
      expectSameOnBoth({
        method: "eth_sendRawTransaction",
        params: [`0x${type.slice(2)}${encodeRlp(fields as never).slice(2)}`],
        note,
        exactError: true,
      }),
    );
  }
});
