import { expect } from "chai";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";

describe("analyzer: internal function values copied in assembly (console.log's _castToPure)", function () {
  this.timeout(120_000);
  const result = () => analyzeFixtures("0.8.28", ["EthBalance.sol"]);

  it("console.log is no unknown write: its pointer resolves to the view implementation, whose staticcall only reads", function () {
    const logger = contractOf(result(), "Logger");
    const ping = fnOf(logger, "ping");
    expect(ping.unknowns).to.deep.equal([]);
    expect(texts(ping, "writes")).to.deep.equal(["seen[msg.sender]"]);
    expect(ping.externalCalls.map((c) => c.kind)).to.deep.equal(["staticcall"]);
    expect((ping.composed ?? []).every((a) => a.mode === "read")).to.equal(true);
    expect(pairOf(logger, "ping", "ping").class).to.equal("none");
  });

  it("a function returning its function argument through one assembly assignment is an identity", function () {
    const casts = contractOf(result(), "Casts");
    expect(texts(fnOf(casts, "viaIdentity"), "writes")).to.deep.equal(["a"]);
    expect(pairOf(casts, "viaIdentity", "b").class).to.equal("none");
  });

  it("a return variable also assigned in Solidity stays an unknown call target", function () {
    const casts = contractOf(result(), "Casts");
    expect(fnOf(casts, "viaCast").unknowns).to.deep.equal(["call through a computed function value"]);
    expect(pairOf(casts, "viaCast", "b").class).to.equal("unknown");
  });
});
