import { expect } from "chai";

import { linkBytecode, neededLibraries } from "../../../src/report/workloads/library-linking.js";

describe("report/workloads: linking external libraries", () => {
  const placeholder = "__$0123456789abcdef0123456789abcdef01$__";
  const bytecode = `0x6000${placeholder}6001${placeholder}`;
  const references = {
    "contracts/Lib.sol": {
      Shares: [
        { start: 2, length: 20 },
        { start: 24, length: 20 },
      ],
    },
  };

  it("lists the libraries by fully qualified name", () => {
    expect(neededLibraries(references)).to.deep.equal([{ qualifiedName: "contracts/Lib.sol:Shares", name: "Shares" }]);
    expect(neededLibraries(undefined)).to.deep.equal([]);
  });

  it("writes the library's address over every placeholder", () => {
    const address = "0xAbCdEf0000000000000000000000000000001234";
    const linked = linkBytecode(bytecode, references, new Map([["contracts/Lib.sol:Shares", address]]));
    const bare = address.slice(2).toLowerCase();
    expect(linked).to.equal(`0x6000${bare}6001${bare}`);
  });

  it("names a library that has no address", () => {
    expect(() => linkBytecode(bytecode, references, new Map())).to.throw(
      "library contracts/Lib.sol:Shares was not deployed",
    );
  });
});
