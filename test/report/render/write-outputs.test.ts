import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";

import {
  OUTPUT_FILE_NAMES,
  OUTPUT_FORMATS,
  parseFormats,
  renderFormat,
  writeOutputs,
} from "../../../src/report/render/write-outputs.js";
import { ReportError } from "../../../src/report/errors.js";
import { PhaseTimer } from "../../../src/report/phase-timer.js";
import type { ParallelReport } from "../../../src/report/report-model.js";
import { errorOf } from "../../helpers/fixtures.js";
import { fixtureReport } from "./fixture-report.js";

describe("report/render: writeOutputs and --format", () => {
  let directory = "";

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "hardhat-parallel-out-"));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("refuses an output directory it cannot make, at once and naming it (under /proc, a file, a file's child)", async () => {
    const file = join(directory, "a-file");
    writeFileSync(file, "x");
    const cases = [
      { out: "/proc/hardhat-parallel-out/report", problem: /ENOENT|no such file/ },
      { out: file, problem: /is a file, not a directory/ },
      { out: join(file, "child"), problem: /not a directory/ },
    ];
    for (const { out, problem } of cases) {
      const error = await errorOf(() => writeOutputs(fixtureReport(), { outDir: out, formats: ["json"] }));
      expect(error).to.be.instanceOf(ReportError);
      expect(error.message).to.include(`Cannot write the report to ${out}`);
      expect(error.message).to.match(problem);
      expect(error.message).to.include("Pass --out a directory you can write to");
    }
  });

  it("writes all five formats into a new directory and returns their paths", async () => {
    const out = join(directory, "nested", "parallel-report");
    const written = await writeOutputs(fixtureReport(), { outDir: out });
    expect(written.map((w) => w.format)).to.deep.equal(["terminal", "json", "markdown", "html", "sarif"]);
    expect(readdirSync(out).sort()).to.deep.equal(Object.values(OUTPUT_FILE_NAMES).sort());
    for (const { format, path } of written) {
      expect(readFileSync(path, "utf8"), format).to.equal(renderFormat(fixtureReport(), format));
    }
    const text = readFileSync(join(out, "parallel-report.txt"), "utf8");
    expect(text).to.not.include(String.fromCharCode(27));
    expect(JSON.parse(readFileSync(join(out, "parallel-report.sarif"), "utf8"))).to.have.property("version", "2.1.0");
  });

  it("with a timer, writes the JSON last with the time of writing the others in its timing block", async () => {
    const timer = new PhaseTimer();
    timer.add("run workloads", 5);
    const written = await writeOutputs(fixtureReport(), { outDir: directory, formats: ["html", "json"], timer });
    expect(written.map((w) => w.format)).to.deep.equal(["json", "html"]);
    const json = JSON.parse(readFileSync(join(directory, "parallel-report.json"), "utf8")) as ParallelReport;
    expect(Object.keys(json.timing.phases)).to.deep.equal(["run workloads", "write outputs"]);
    expect(json.timing.phases["write outputs"]).to.equal(timer.phases["write outputs"]);
    expect(json.timing.totalMs).to.be.at.least(json.timing.phases["write outputs"] ?? Infinity);
    const { timing: _t, ...rest } = json;
    const { timing: _f, ...expected } = JSON.parse(renderFormat(fixtureReport(), "json")) as ParallelReport;
    expect(rest).to.deep.equal(expected);
  });

  it("writes only the requested formats, each once, and passes format options through", async () => {
    const written = await writeOutputs(fixtureReport(), {
      outDir: directory,
      formats: ["sarif", "json", "sarif"],
      sarif: { sourceUri: (name) => `root/${name}` },
    });
    expect(written.map((w) => w.format)).to.deep.equal(["json", "sarif"]);
    expect(readdirSync(directory).sort()).to.deep.equal(["parallel-report.json", "parallel-report.sarif"]);
    expect(readFileSync(join(directory, "parallel-report.sarif"), "utf8")).to.include(
      '"uri": "root/contracts/gaming/Arena.sol"',
    );
  });

  it("renders an empty report (no workloads, contracts or check) in every format", () => {
    const empty = {
      ...fixtureReport(),
      workloads: [],
      contracts: [],
      check: undefined,
      summary: { ...fixtureReport().summary, workloads: 0, transactions: 0, contracts: 0, worstSpeedup16: undefined },
    };
    for (const format of OUTPUT_FORMATS) expect(renderFormat(empty, format).length, format).to.be.greaterThan(100);
    expect(renderFormat(empty, "terminal")).to.match(/Worst speedup @16 threads\s+-\n/);
    expect(renderFormat(empty, "html")).to.include("No hotspots.");
  });

  it("parses --format lists, aliases and all, and reports unknown names", () => {
    expect(parseFormats(undefined).formats).to.have.length(5);
    expect(parseFormats("all").formats).to.have.length(5);
    expect(parseFormats(" HTML, md ,json")).to.deep.equal({ formats: ["json", "markdown", "html"], unknown: [] });
    expect(parseFormats("json,xml,pdf")).to.deep.equal({ formats: ["json"], unknown: ["xml", "pdf"] });
  });
});
