import { expect } from "chai";

import { RpcError } from "../../../../src/runtime/rpc/rpc-error.js";
import { nativeTracerOf } from "../../../../src/runtime/rpc/tracers/tracer-options.js";

function refusal(options: unknown): { code: number; message: string; data: unknown } {
  try {
    nativeTracerOf(options);
  } catch (error) {
    if (error instanceof RpcError) return { code: error.code, message: error.message, data: error.data };
    throw error;
  }
  throw new Error(`not refused: ${JSON.stringify(options)}`);
}

describe("nativeTracerOf", () => {
  it("answers undefined (struct logs) without a tracer", () => {
    expect(nativeTracerOf(undefined)).to.equal(undefined);
    expect(nativeTracerOf({ disableStorage: true })).to.equal(undefined);
    expect(nativeTracerOf({ tracer: null })).to.equal(undefined);
  });

  it("reads each native tracer's configuration, absent flags false", () => {
    expect(nativeTracerOf({ tracer: "callTracer", tracerConfig: { withLog: true } })).to.deep.equal({
      name: "callTracer",
      config: { onlyTopCall: false, withLog: true },
    });
    expect(nativeTracerOf({ tracer: "prestateTracer", tracerConfig: { diffMode: true } })).to.deep.equal({
      name: "prestateTracer",
      config: { diffMode: true, disableCode: false, disableStorage: false },
    });
    expect(nativeTracerOf({ tracer: "flatCallTracer" })).to.deep.equal({
      name: "flatCallTracer",
      config: { includePrecompiles: false },
    });
    expect(nativeTracerOf({ tracer: "4byteTracer", tracerConfig: { anything: 1 } })).to.deep.equal({
      name: "4byteTracer",
    });
  });

  it("reads erc7562Tracer's withLog and ignoredOpcodes (quantities or numbers)", () => {
    expect(
      nativeTracerOf({ tracer: "erc7562Tracer", tracerConfig: { withLog: true, ignoredOpcodes: ["0x60", 91] } }),
    ).to.deep.equal({ name: "erc7562Tracer", config: { withLog: true, ignoredOpcodes: new Set([0x60, 0x5b]) } });
    expect(refusal({ tracer: "erc7562Tracer", tracerConfig: { ignoredOpcodes: ["0x100"] } }).message).to.equal(
      "invalid tracer config",
    );
  });

  it("reads muxTracer members in order", () => {
    const mux = nativeTracerOf({ tracer: "muxTracer", tracerConfig: { "4byteTracer": null, callTracer: {} } });
    expect(mux).to.deep.equal({
      name: "muxTracer",
      tracers: [
        ["4byteTracer", { name: "4byteTracer" }],
        ["callTracer", { name: "callTracer", config: { onlyTopCall: false, withLog: false } }],
      ],
    });
    expect(nativeTracerOf({ tracer: "muxTracer" })).to.deep.equal({ name: "muxTracer", tracers: [] });
  });

  const REFUSALS: Array<[unknown, string]> = [
    [{ tracer: "bogusTracer" }, "JS Tracer is not enabled"],
    [{ tracer: "{ result: function() { return 1; } }" }, "JS Tracer is not enabled"],
    [{ tracer: 5 }, "data did not match any variant of untagged enum GethDebugTracerType"],
    [{ tracer: "callTracer", tracerConfig: 3 }, "invalid tracer config"],
    [{ tracer: "callTracer", tracerConfig: { withLog: "yes" } }, "invalid tracer config"],
    [{ tracer: "muxTracer", tracerConfig: [] }, "invalid tracer config"],
    [{ tracer: "muxTracer", tracerConfig: { x: {} } }, `unsupported tracer type: 'JsTracer("x")'`],
    [{ tracer: "muxTracer", tracerConfig: { "4byteTracer": {} } }, "unexpected config for tracer 'FourByteTracer'"],
    [{ tracer: "muxTracer", tracerConfig: { muxTracer: null } }, "unexpected config for tracer 'MuxTracer'"],
    [{ tracer: "muxTracer", tracerConfig: { callTracer: null } }, "expected config is missing for tracer 'CallTracer'"],
    [
      { tracer: "muxTracer", tracerConfig: { prestateTracer: [] } },
      "error deserializing config: invalid type: sequence, expected struct PreStateConfig",
    ],
    [
      { tracer: "muxTracer", tracerConfig: { flatCallTracer: { includePrecompiles: true, convertParityErrors: 2 } } },
      "error deserializing config: invalid type: number, expected a boolean",
    ],
  ];
  for (const [options, message] of REFUSALS) {
    it(`refuses ${JSON.stringify(options)} with -32602 "${message}"`, () => {
      expect(refusal(options)).to.deep.equal({ code: -32602, message, data: null });
    });
  }
});
