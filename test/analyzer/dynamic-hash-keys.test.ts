import { expect } from "chai";
import { AbiCoder, Interface, ZeroHash, id, keccak256 } from "ethers";
import { keyValue } from "../../src/analyzer/key-values.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

const TIMELOCK = "0x0000000000000000000000000000000000071e10";
const BOX = "0x00000000000000000000000000000000000000b0";
const SENDER = "0x000000000000000000000000000000000000a11c";

describe("analyzer: keccak256(abi.encode(...)) over a calldata bytes parameter (abi-encoding.ts, key-values.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["PublishedOzGovernance.sol"]);
  const timelock = contractOf(result, "PubTimelock");
  const schedule = fnOf(timelock, "schedule");
  const iface = new Interface(["function schedule(address,uint256,bytes,bytes32,bytes32,uint256)"]);

  it("TimelockController's operation id is a hash key with a dynamic argument, valued from the calldata", function () {
    const write = schedule.writes.find((w) => w.location.text.startsWith("_timestamps"));
    const key = write?.location.levels[1]?.key;
    expect(key?.kind === "expr" ? key.op : undefined).to.equal("keccak:32,32,d,32,32");
    if (key === undefined) throw new Error("no key");
    for (const data of ["0x", "0x1234", `0x${"ab".repeat(37)}`]) {
      const salt = id(`salt ${data}`);
      const input = iface.encodeFunctionData("schedule", [BOX, 5n, data, ZeroHash, salt, 0n]);
      const expected = keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ["address", "uint256", "bytes", "bytes32", "bytes32"],
          [BOX, 5n, data, ZeroHash, salt],
        ),
      );
      const tx = { hash: "0x01", from: SENDER, to: TIMELOCK, input, accesses: [] };
      expect(keyValue(key, { from: SENDER, to: TIMELOCK, input }, tx, schedule)).to.equal(BigInt(expected));
    }
  });

  it("calldata too short for the bytes it announces values nothing", function () {
    const key = schedule.writes.find((w) => w.location.text.startsWith("_timestamps"))?.location.levels[1]?.key;
    if (key === undefined) throw new Error("no key");
    const input = iface
      .encodeFunctionData("schedule", [BOX, 5n, "0x1234", ZeroHash, ZeroHash, 0n])
      .slice(0, 10 + 64 * 6);
    const tx = { hash: "0x01", from: SENDER, to: TIMELOCK, input, accesses: [] };
    expect(keyValue(key, { from: SENDER, to: TIMELOCK, input }, tx, schedule)).to.equal("any");
  });
});
