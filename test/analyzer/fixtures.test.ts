import { expect } from "chai";
import { id } from "ethers";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";

describe("analyzer: fixture contracts (hand-checked)", function () {
  describe("ERC20 with mint (OpenZeppelin 5)", function () {
    const token = () => contractOf(analyzeFixtures("0.8.28", ["Token.sol"]), "Token");

    it("resolves _msgSender() to msg.sender, and _transfer's guards prune _update's mint and burn branches", function () {
      const transfer = fnOf(token(), "transfer");
      expect(texts(transfer, "reads")).to.deep.equal(["_balances[msg.sender]"]);
      expect(texts(transfer, "writes")).to.deep.equal(["_balances[msg.sender]", "_balances[to](+)"]);
      expect(texts(fnOf(token(), "transferFrom"), "writes")).to.not.include("_totalSupply(+)");
      expect(pairOf(token(), "transfer", "totalSupply").class).to.equal("none");
      expect(texts(fnOf(token(), "mint"), "writes")).to.deep.equal(["_balances[to](+)", "_totalSupply(+)"]);
    });

    it("transfer × transfer conflicts iff {sender, to} ∩ {sender′, to′} ≠ ∅", function () {
      const pair = pairOf(token(), "transfer", "transfer");
      expect(pair.class).to.equal("key-dependent");
      expect(pair.words).to.contain("_balances: {msg.sender, to} ∩ {");
      const plain = pair.clauses
        .filter((c) => !c.commutative)
        .map((c) => c.terms.map((t) => `${t.a.kind}=${t.b.kind}`).join());
      expect(plain.sort()).to.deep.equal(["param=sender", "sender=param"]);
      const commutative = pair.clauses.filter((c) => c.commutative && c.terms.length === 1);
      expect(commutative.map((c) => `${c.terms[0]?.a.kind}=${c.terms[0]?.b.kind}`)).to.deep.equal(["param=param"]);
    });

    it("gives the verdict for two calls from one sender where it differs (a contract calling twice)", function () {
      expect(pairOf(token(), "transfer", "transfer").sameSender).to.include({ class: "always" });
      const approve = pairOf(token(), "approve", "approve");
      expect(approve.class).to.equal("none");
      expect(approve.sameSender?.class).to.equal("key-dependent");
      expect(approve.sameSender?.words).to.contain("spender = spender′");
      expect(pairOf(token(), "mint", "mint").sameSender).to.equal(undefined);
    });

    it("mint × mint only meet in commutative updates; mint × totalSupply() always conflicts", function () {
      expect(pairOf(token(), "mint", "mint").class).to.equal("commutative-only");
      expect(pairOf(token(), "mint", "totalSupply").class).to.equal("always");
      expect(pairOf(token(), "balanceOf", "approve").class).to.equal("none");
      expect(pairOf(token(), "approve", "transferFrom").words).to.contain(
        "msg.sender = from′ and spender = msg.sender′",
      );
    });

    it("ranks _totalSupply as the hotspot with its declaration and writers", function () {
      const hot = token().hotspots.find((h) => h.kind === "conflict");
      expect(hot?.location).to.equal("_totalSupply");
      expect(hot?.declaration?.file).to.equal("@openzeppelin/contracts/token/ERC20/ERC20.sol");
      expect(hot?.declaration?.text).to.contain("_totalSupply");
      expect(hot?.writers.map((w) => w.function)).to.include("mint(address,uint256)");
      expect(hot?.remediation.kind).to.equal("sharded-counter");
    });
  });

  describe("ERC721 and ERC1155 (OpenZeppelin 5)", function () {
    const result = () => analyzeFixtures("0.8.28", ["NFT.sol"]);

    it("ERC721 transferFrom × transferFrom conflicts iff the token ids are equal (balances are commutative)", function () {
      const nft = contractOf(result(), "NFT");
      const pair = pairOf(nft, "transferFrom", "transferFrom");
      expect(pair.class).to.equal("key-dependent");
      const plain = pair.clauses.filter((c) => !c.commutative);
      expect(plain.every((c) => c.terms.some((t) => t.a.kind === "param" && t.a.name === "tokenId"))).to.equal(true);
      expect(pairOf(nft, "mint", "mint").class).to.equal("key-dependent");
    });

    it("ERC721 safeTransferFrom calls the receiver: the class ignores re-entrancy, a located caveat names it", function () {
      const pair = pairOf(contractOf(result(), "NFT"), "safeTransferFrom(address,address,uint256)", "approve");
      expect(pair.class).to.equal("key-dependent");
      expect(pair.reentrancy?.function).to.equal("safeTransferFrom(address,address,uint256)");
      expect(pair.reentrancy?.calls.map((c) => c.fn)).to.include("onERC721Received");
      expect(pair.reentrancy?.calls[0]?.at?.file).to.contain("ERC721Utils.sol");
      expect(pair.reentrancy?.guard).to.equal("checks-effects-interactions");
      expect(pair.reentrancy?.text).to.contain("onERC721Received");
    });

    it("ERC1155 transfers loop over ids: a single transfer's id is known (singleton arrays), a batch's id level drops out (never free)", function () {
      const items = contractOf(result(), "Items");
      const single = pairOf(items, "safeTransferFrom", "safeTransferFrom");
      expect(single.class).to.equal("key-dependent");
      expect(single.clauses.some((c) => c.approximate)).to.equal(false);
      expect(single.words).to.contain("_balances: id = id′ and from = from′");
      const pair = pairOf(items, "safeBatchTransferFrom", "safeTransferFrom");
      expect(pair.class).to.equal("key-dependent");
      expect(pair.clauses.every((c) => c.approximate)).to.equal(true);
      expect(pair.words).to.contain("_balances: {from, to} ∩ {from′, to′} ≠ ∅");
      expect(pair.words).to.contain("keys not known statically left out");
      expect(pairOf(items, "balanceOfBatch", "safeTransferFrom").class).to.equal("unknown");
      expect(pairOf(items, "setApprovalForAll", "setApprovalForAll").class).to.equal("none");
    });
  });

  describe("AMM pair with a lock and packed reserves", function () {
    const pairC = () => contractOf(analyzeFixtures("0.8.28", ["Pair.sol"]), "Pair");

    it("the storage lock every guarded function restores is read, not written: it serializes nothing", function () {
      // `unlocked` 1 → 0 → 1 within each transaction: the runtime records no write there (value validation).
      expect(texts(fnOf(pairC(), "addShares"), "writes")).to.deep.equal(["shares[msg.sender](+)"]);
      expect(texts(fnOf(pairC(), "addShares"), "reads")).to.include("unlocked");
      // Two senders' shares never meet (one sender's two calls only add to one share: commutative).
      expect(pairOf(pairC(), "addShares", "addShares").class).to.equal("none");
      expect(pairOf(pairC(), "addShares", "addShares").sameSender?.class).to.equal("commutative-only");
      expect(pairC().hotspots.map((h) => h.location)).not.to.include("unlocked");
      // swap still meets swap on the reserves it writes.
      expect(pairOf(pairC(), "swap", "swap").class).to.equal("always");
    });

    it("reports false sharing between the packed reserves", function () {
      const shared = pairC().falseSharing.map((f) => f.variables.join("+"));
      expect(shared).to.include("reserve0+reserve1");
    });

    it("immutables use no storage; getters are summarized", function () {
      expect(fnOf(pairC(), "token0").reads).to.have.length(0);
      expect(texts(fnOf(pairC(), "shares"), "reads")).to.deep.equal(["shares[arg0]"]);
      expect(pairOf(pairC(), "shares", "addShares").class).to.equal("key-dependent");
    });
  });

  describe("lending pool", function () {
    const pool = () => contractOf(analyzeFixtures("0.8.28", ["Lending.sol"]), "LendingPool");

    it("deposits only meet on commutative totals; borrows always meet on the interest index", function () {
      expect(pairOf(pool(), "deposit", "deposit").class).to.equal("commutative-only");
      expect(pairOf(pool(), "borrow", "borrow").class).to.equal("always");
      expect(pairOf(pool(), "deposit", "borrow").class).to.equal("none");
      expect(pairOf(pool(), "deposit", "liquidate").words).to.contain("positions: msg.sender = user′");
    });

    it("a storage pointer read then += is not commutative (the value is otherwise read)", function () {
      const borrow = fnOf(pool(), "borrow");
      expect(texts(borrow, "writes")).to.include("positions[msg.sender].borrowed");
      expect(texts(borrow, "writes")).to.include("totalBorrows(+)");
    });
  });

  describe("game with per-player state and a global leaderboard", function () {
    const game = () => contractOf(analyzeFixtures("0.8.28", ["Game.sol"]), "Game");

    it("per-player updates never conflict between players; crafting conflicts on the same item", function () {
      expect(pairOf(game(), "train", "train").class).to.equal("none");
      expect(pairOf(game(), "craft", "craft").words).to.contain("itemId = itemId′");
      expect(pairOf(game(), "submitScore", "submitScore").class).to.equal("always");
    });

    it("ranks the top score and the leaderboard (whose getter reads the length push writes) first", function () {
      const top = game()
        .hotspots.filter((h) => h.kind === "conflict")
        .slice(0, 2)
        .map((h) => `${h.location} ${h.pairs}`);
      expect(top.sort()).to.deep.equal(["leaderboard 2", "topScore 2"]);
    });
  });

  describe("inheritance, super and modifiers", function () {
    const derived = () => contractOf(analyzeFixtures("0.8.28", ["Inheritance.sol"]), "Derived");

    it("bump runs Derived → Audited (super) → Counted (super) and the onlyOwner modifier", function () {
      const bump = fnOf(derived(), "bump");
      expect(texts(bump, "reads")).to.deep.equal(["owner"]);
      expect(texts(bump, "writes")).to.deep.equal(["audits(+)", "counts[who](+)", "paused[who]"]);
    });

    it("inherited getters and functions are entry points of the derived contract", function () {
      expect(derived().functions.map((f) => f.name)).to.include.members(["owner", "counts", "total", "touch"]);
      expect(pairOf(derived(), "bump", "touch").words).to.contain("counts: who = msg.sender′");
    });
  });

  describe("libraries", function () {
    it("follows bound internal library functions on storage structs", function () {
      const vault = contractOf(analyzeFixtures("0.8.28", ["Libraries.sol"]), "Vault");
      expect(texts(fnOf(vault, "send"), "writes")).to.deep.equal(["book.amounts[msg.sender]", "book.amounts[to](+)"]);
      expect(pairOf(vault, "give", "give").class).to.equal("commutative-only");
      expect(pairOf(vault, "send", "send").class).to.equal("key-dependent");
    });
  });

  describe("inline assembly", function () {
    const regs = () => contractOf(analyzeFixtures("0.8.28", ["Assembly.sol"]), "Registers");

    it("resolves constant and .slot slots, and marks computed slots unknown", function () {
      expect(texts(fnOf(regs(), "setFlag"), "writes")).to.deep.equal(["slot(0xfff)"]);
      expect(texts(fnOf(regs(), "bumpCounter"), "writes")).to.deep.equal(["counter"]);
      expect(fnOf(regs(), "poke").unknowns.join()).to.contain("computed slot");
      expect(pairOf(regs(), "poke", "readCounter").class).to.equal("unknown");
      expect(pairOf(regs(), "setFlag", "bumpCounter").class).to.equal("none");
    });
  });

  describe("ERC-7201 namespaced storage", function () {
    it("places accesses in the namespace computed by the ERC-7201 formula", function () {
      const token = contractOf(analyzeFixtures("0.8.28", ["Namespaced.sol"]), "NamespacedToken");
      expect(token.method).to.equal("ast");
      expect(token.namespaces).to.deep.equal([
        { id: "example.token", slot: "0xa82272f29d2e273ec4fa618c09308b9c8fb3b7efe1da786508bac1393695fc00" },
      ]);
      const supply = fnOf(token, "mint").writes.find((w) => w.location.text.endsWith(".supply"));
      expect(supply?.location.levels[0]?.start).to.equal(
        "0xa82272f29d2e273ec4fa618c09308b9c8fb3b7efe1da786508bac1393695fc01",
      );
      expect(pairOf(token, "mint", "mint").class).to.equal("commutative-only");
    });
  });
});

describe("analyzer: bytecode fallback and older compilers", function () {
  it("diamond-style storage (empty layout, runtime-computed slot) is summarized from the bytecode", function () {
    const result = analyzeFixtures("0.8.28", ["Diamond.sol"]);
    const diamond = contractOf(result, "GameDiamond");
    expect(diamond.method).to.equal("bytecode");
    expect(result.findings.map((f) => f.kind)).to.include("bytecode-fallback");
    const base = BigInt(id("game.app"));
    const play = fnOf(diamond, "play");
    const scoreWrite = play.writes[0]?.location;
    expect(scoreWrite?.levels[0]?.start).to.equal(`0x${base.toString(16)}`);
    expect(scoreWrite?.levels[1]?.key).to.deep.equal({ kind: "sender" });
    expect(pairOf(diamond, "play", "play").class).to.equal("none");
    expect(pairOf(diamond, "newRound", "newRound").class).to.equal("always");
  });

  it("without storageLayout, the finding says how to get it and the bytecode fallback places ERC20 slots", function () {
    const result = analyzeFixtures("0.8.28", ["Token.sol"], false);
    const token = contractOf(result, "Token");
    expect(result.findings.find((f) => f.kind === "missing-storage-layout")?.hint).to.contain(
      "hardhat-parallel adds it",
    );
    expect(token.method).to.equal("bytecode");
    const transfer = fnOf(token, "transfer");
    expect(transfer.writes.some((w) => w.location.levels[1]?.key?.kind === "sender")).to.equal(true);
    expect(pairOf(token, "transfer", "transfer").class).to.not.equal("none");
  });

  it("solc 0.5.16 (Uniswap V2 era)", function () {
    const old = contractOf(analyzeFixtures("0.5.16", ["Old05.sol"]), "OldToken");
    expect(old.solcVersion).to.equal("0.5.16");
    expect(texts(fnOf(old, "transfer"), "writes")).to.deep.equal(["balanceOf[msg.sender]", "balanceOf[to]"]);
    expect(pairOf(old, "mint", "mint").class).to.equal("always");
    expect(pairOf(old, "transfer", "transfer").words).to.contain("balanceOf: {msg.sender, to} ∩ {");
  });

  it("solc 0.7.6 (Uniswap V3 era): packed struct members share slot0", function () {
    const pool = contractOf(analyzeFixtures("0.7.6", ["Old07.sol"]), "OldPool");
    expect(pairOf(pool, "swap", "swap").class).to.equal("always");
    expect(pairOf(pool, "addLiquidity", "addLiquidity").class).to.equal("commutative-only");
    expect(pairOf(pool, "initialize", "addLiquidity").class).to.equal("none");
  });
});
