import { expect } from "chai";

import { checksAfterCall } from "../../../src/report/sharding/checks-after-call.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { appInput, appTraffic, POOL_SOURCE } from "./sharding-fixture.js";

describe("report/sharding: atomicity breaks", () => {
  it("lists the pool → token calls the recommended placement cuts, with the call site and the checks after it", () => {
    const section = shardingWhatIf(appTraffic(), appInput());
    expect(section.recommended?.policy).to.equal("access-graph");
    expect(section.recommended?.crossShardRatio).to.be.greaterThan(0);
    const breaks = section.atomicityBreaks;
    expect(breaks.length).to.be.within(1, 3);
    for (const b of breaks) {
      expect(b.path).to.have.length(3);
      expect(b.path[0]).to.match(/^Router 0x.*\.0x11111111$/);
      expect(b.path[1]).to.match(/^Pool 0x.*\.swap$/);
      expect(b.path[2]).to.equal("Token.transfer");
      expect(b.callerShard).to.not.equal(b.calleeShard);
      expect(b.call).to.deep.equal({
        file: "contracts/Pool.sol",
        line: 6,
        column: 19,
        text: "bool ok = token.transfer(to, amount);",
      });
      expect(b.checksAfter.map((c) => c.line)).to.deep.equal([7, 8]);
      expect(b.remedy.kind).to.equal("callback");
      expect(b.transactions).to.equal(4);
    }
    expect(section.atomicityNote).to.equal(undefined);
    const token = section.coLocate.find((c) => c.first.name === "Token" || c.second.name === "Token");
    expect(token === undefined || token.transactions > 0).to.equal(true);
  });

  it("without the static analysis the break is still listed, without a call site", () => {
    const { deployments } = appInput();
    const section = shardingWhatIf(appTraffic(), { deployments });
    expect(section.atomicityBreaks.length).to.be.greaterThan(0);
    expect(section.atomicityBreaks[0]?.call).to.equal(undefined);
    expect(section.atomicityBreaks[0]?.checksAfter).to.deep.equal([]);
    expect(section.atomicityBreaks[0]?.remedy.kind).to.equal("broker"); // three pools call the token
  });

  it("without call frames the list is empty and says why", () => {
    const blocks = appTraffic().map((b) => ({
      transactions: b.transactions.map(({ calls: _calls, ...tx }) => tx),
    }));
    const section = shardingWhatIf(blocks, appInput());
    expect(section.atomicityBreaks).to.deep.equal([]);
    expect(section.atomicityNote).to.match(/Call frames were not recorded/);
  });
});

describe("report/sharding: checks after a call", () => {
  const at = (text: string): string =>
    `${Buffer.byteLength(POOL_SOURCE.slice(0, POOL_SOURCE.indexOf(text)))}:${text.length}:0`;

  it("finds require and revert after the call up to the end of its function, ignoring comments and strings", () => {
    const checks = checksAfterCall(POOL_SOURCE, "Pool.sol", at("token.transfer(to, amount)"));
    expect(checks.map((c) => [c.line, c.text])).to.deep.equal([
      [7, 'require(ok, "transfer failed {");'],
      [8, "if (reserve < amount) revert Insufficient();"],
    ]);
  });

  it("finds nothing after the last statement, or outside any function", () => {
    expect(checksAfterCall(POOL_SOURCE, "Pool.sol", at("revert Insufficient();"))).to.deep.equal([]);
    expect(checksAfterCall(POOL_SOURCE, "Pool.sol", at("pragma solidity"))).to.deep.equal([]);
    expect(checksAfterCall(POOL_SOURCE, "Pool.sol", "not-a-src")).to.deep.equal([]);
  });
});
