import { expect } from "chai";
import { Interface } from "ethers";

import { revertReasonOf } from "../../../src/report/record/revert-reason.js";
import { fromHex } from "../../../src/runtime/util/hex.js";

describe("report/record: revert reasons", () => {
  // An ABI with a custom error: ethers' parseError also recognises Error(string) and Panic(uint256).
  const iface = new Interface(["error KnockedOut(address player)"]);
  const customName = (data: Uint8Array): string | undefined => {
    try {
      return iface.parseError(`0x${Buffer.from(data).toString("hex")}`)?.name;
    } catch {
      return undefined;
    }
  };

  it("shows a require string as the string, not as Error()", () => {
    const data = fromHex(iface.encodeErrorResult("Error(string)", ["not enough stamina"]));
    expect(customName(data)).to.equal("Error");
    expect(revertReasonOf(data, customName)).to.equal("reverted with reason string 'not enough stamina'");
  });

  it("shows a panic with its code and meaning, not as Panic()", () => {
    const data = fromHex(iface.encodeErrorResult("Panic(uint256)", [0x11]));
    expect(revertReasonOf(data, customName)).to.match(/^reverted with panic code 0x11 \(.*overflow/);
  });

  it("names a custom error of the contract, and says when there is no reason", () => {
    const data = fromHex(iface.encodeErrorResult("KnockedOut", ["0x0000000000000000000000000000000000000001"]));
    expect(revertReasonOf(data, customName)).to.equal("KnockedOut()");
    expect(revertReasonOf(new Uint8Array(), customName)).to.equal("Transaction reverted without a reason string");
  });
});
