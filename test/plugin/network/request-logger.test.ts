import { expect } from "chai";

import { weiText } from "../../../src/plugin/network/request-logger.js";

describe("plugin/network/request-logger: weiText", () => {
  it("words amounts as EDR's log does (values printed by Hardhat's network)", () => {
    expect(weiText(0n)).to.equal("0 ETH");
    expect(weiText(1n)).to.equal("1 wei");
    expect(weiText(100_000n)).to.equal("0.1 gwei");
    expect(weiText(1_000_000_001n)).to.equal("1. gwei");
    expect(weiText(10n ** 16n)).to.equal("0.1 ETH");
    expect(weiText(15n * 10n ** 17n)).to.equal("1.5 ETH");
  });
});
