import { AbiCoder, MaxUint256, Signature, TypedDataEncoder, Wallet, id, keccak256 } from "ethers";
import { analyzeFixtures } from "./helpers/analyze-fixture.js";
import { type Call, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";
import { at, familyChecks, ring, vaultActions, vaultSetup } from "./helpers/family-check.js";
import { type Action, randomBlocks } from "./helpers/random-blocks.js";

/**
 * Executed ground truth per contract family: random blocks of real-code transactions (different and same
 * senders, distinct and aliasing keys) run on our runtime, every pair compared with `mayConflict` and the
 * static classes. Every family: 0 false "none", no class contradicted, and the share of predicted-conflicting
 * pairs execution confirmed at or above its floor (measured figures in src/analyzer/README.md).
 */
// Floors a few points under the figures measured with these seeds (before → after this round's rules):
// Governor-lite 38.7 → 67.3 %, guild game 55.5 → 63.0 %, OZ ERC721 93.4 → 95.2 % (stored keys valued by the
// transaction's reads); ERC721Enumerable 68.3 → 76.0 % (2026-12-07: a stored key is the value read or one the
// function stores there); see the README table.
const FLOORS: Record<string, number> = {
  "OZ ERC20Permit": 0.95,
  "OZ ERC721Enumerable": 0.74,
  // 98.3 → 98.7 % and 65.7 → 89.5 % (2026-12-07 round five): writes storing what their slot held are reads
  // (`unchanged-writes.ts`: approvals set again, roles granted twice).
  "OZ ERC1155Supply": 0.96,
  "OZ AccessControl": 0.86,
  "OZ Ownable+Pausable": 0.95,
  "OZ Governor-lite": 0.64,
  "solmate ERC4626+Owned": 0.95,
  "staking rewards": 0.75,
  // 99.5 → 51.8 % when the runtime made balance reads exact (deposits became credits), 99.0 % with the
  // analyzer's credits (eth-balance.ts).
  WETH9: 0.95,
  "guild game": 0.66,
  "Uniswap v3-style pool": 0.75,
  "Solady-style ERC20 (assembly)": 0.95,
  "OZ ERC721": 0.92,
};

const { check, table } = familyChecks(FLOORS);

describe("analyzer: executed ground truth per contract family (our runtime, deterministic seeds)", function () {
  this.timeout(600_000);

  it("OpenZeppelin 5 ERC20Permit + ERC20Burnable (signed permits from wallets)", async function () {
    const result = analyzeFixtures("0.8.28", ["OzTokens.sol"]);
    const g = await createGroundWorld();
    const token = await deploy(g, "0.8.28", "OzTokens.sol", "PermitToken");
    const T = at(token, "PermitToken");
    const { next, prev } = ring(g);
    const wallets = [1, 2, 3].map((i) => new Wallet(id(`permit wallet ${i}`)));
    const nonces = new Map<string, bigint>();
    const domain = { name: "Permit", version: "1", chainId: 31337, verifyingContract: token };
    const types = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    };
    const permit = (from: string, w: Wallet, spender: string, value: bigint): Call => {
      const nonce = nonces.get(w.address) ?? 0n;
      nonces.set(w.address, nonce + 1n);
      const message = { owner: w.address, spender, value, nonce, deadline: MaxUint256 };
      const sig = Signature.from(w.signingKey.sign(TypedDataEncoder.hash(domain, types, message)));
      return T(from, "permit", [w.address, spender, value, MaxUint256, sig.v, sig.r, sig.s]);
    };
    await runCalls(g, [
      ...g.accounts.flatMap((a) => [T(a, "mint", [a, 10n ** 21n]), T(a, "approve", [next(a), MaxUint256])]),
      ...wallets.map((w) => T(g.accounts[0] ?? "", "mint", [w.address, 10n ** 21n])),
      ...wallets.flatMap((w) => g.accounts.map((a) => permit(a, w, a, MaxUint256))),
    ]);
    const actions: Action[] = [
      (f, o, v) => T(f, "transfer", [o, v]),
      (f, o, v) => T(f, "transferFrom", [prev(f), o, v]),
      (f, o, v, pick) => T(f, "transferFrom", [pick(wallets).address, o, v]),
      (f, o, v) => T(f, "approve", [o, v + 10n ** 30n]),
      (f, o, v) => T(f, "mint", [o, v]),
      (f, _o, v) => T(f, "burn", [v]),
      (f, _o, v) => T(f, "burnFrom", [prev(f), v]),
      (f, o, v, pick) => permit(f, pick(wallets), o, v + 10n ** 30n),
      (f, o) => T(f, "balanceOf", [o]),
      (f) => T(f, "totalSupply", []),
      (f, _o, _v, pick) => T(f, "nonces", [pick(wallets).address]),
      (f, o) => T(f, "allowance", [f, o]),
    ];
    check("OZ ERC20Permit", await randomBlocks(g, result, actions, { label: "ERC20Permit: " }));
  });

  it("OpenZeppelin 5 ERC721Enumerable (owned ids tracked so transfers and burns succeed)", async function () {
    const result = analyzeFixtures("0.8.28", ["OzTokens.sol"]);
    const g = await createGroundWorld();
    const nft = await deploy(g, "0.8.28", "OzTokens.sol", "Enumerable721");
    const N = at(nft, "Enumerable721");
    const owned = new Map<string, bigint[]>(g.accounts.map((a) => [a, []]));
    let nextId = 1n;
    const mint = (from: string, to: string): Call => {
      owned.get(to)?.push(nextId);
      return N(from, "mint", [to, nextId++]);
    };
    await runCalls(g, [...g.accounts.flatMap((a) => [mint(a, a), mint(a, a), mint(a, a)])]);
    const take = (f: string, pick: <T>(xs: readonly T[]) => T): bigint | undefined => {
      const ids = owned.get(f) ?? [];
      if (ids.length === 0) return undefined;
      const tokenId = pick(ids);
      owned.set(
        f,
        ids.filter((x) => x !== tokenId),
      );
      return tokenId;
    };
    const actions: Action[] = [
      (f, o) => mint(f, o),
      (f, o, _v, pick) => {
        const tokenId = take(f, pick);
        if (tokenId === undefined) return mint(f, f);
        owned.get(o)?.push(tokenId);
        return N(f, "transferFrom", [f, o, tokenId]);
      },
      (f, _o, _v, pick) => {
        const tokenId = take(f, pick);
        return tokenId === undefined ? mint(f, f) : N(f, "burn", [tokenId]);
      },
      (f, o, _v, pick) => N(f, "approve", [o, pick((owned.get(f) ?? []).length > 0 ? (owned.get(f) ?? []) : [1n])]),
      (f, o) => N(f, "setApprovalForAll", [o, true]),
      (f, o) => N(f, "balanceOf", [o]),
      (f) => N(f, "totalSupply", []),
      (f, _o, v) => N(f, "tokenByIndex", [v % 6n]),
      (f, o) => N(f, "tokenOfOwnerByIndex", [o, 0n]),
      (f, _o, v) => N(f, "ownerOf", [1n + (v % 18n)]),
    ];
    check("OZ ERC721Enumerable", await randomBlocks(g, result, actions, { label: "ERC721Enumerable: " }));
  });

  it("OpenZeppelin 5 ERC1155Supply (single and batch transfers over four ids)", async function () {
    const result = analyzeFixtures("0.8.28", ["OzTokens.sol"]);
    const g = await createGroundWorld();
    const items = await deploy(g, "0.8.28", "OzTokens.sol", "SupplyItems");
    const I = at(items, "SupplyItems");
    await runCalls(
      g,
      g.accounts.flatMap((a) => [1n, 2n, 3n, 4n].map((i) => I(a, "mint", [a, i, 10n ** 9n]))),
    );
    const ids = [1n, 2n, 3n, 4n];
    const actions: Action[] = [
      (f, o, v, pick) => I(f, "mint", [o, pick(ids), v]),
      (f, _o, v, pick) => I(f, "burn", [pick(ids), v]),
      (f, o, v, pick) => I(f, "safeTransferFrom", [f, o, pick(ids), v, "0x"]),
      (f, o, v, pick) => I(f, "safeBatchTransferFrom", [f, o, [pick(ids), pick(ids)], [v, v], "0x"]),
      (f, o) => I(f, "setApprovalForAll", [o, true]),
      (f, o, _v, pick) => I(f, "balanceOf", [o, pick(ids)]),
      (f, _o, _v, pick) => I(f, "totalSupply(uint256)", [pick(ids)]),
      (f) => I(f, "totalSupply()", []),
      (f, _o, _v, pick) => I(f, "exists", [pick(ids)]),
    ];
    check("OZ ERC1155Supply", await randomBlocks(g, result, actions, { label: "ERC1155Supply: " }));
  });

  it("OpenZeppelin 5 AccessControl (grants, revocations and role-guarded writes)", async function () {
    const result = analyzeFixtures("0.8.28", ["OzTokens.sol"]);
    const g = await createGroundWorld();
    const board = await deploy(g, "0.8.28", "OzTokens.sol", "RoleBoard", [g.accounts]);
    const B = at(board, "RoleBoard");
    const MINTER = id("MINTER_ROLE");
    await runCalls(
      g,
      g.accounts.map((a) => B(a, "grantRole", [MINTER, a])),
    );
    const actions: Action[] = [
      (f, o) => B(f, "grantRole", [MINTER, o]),
      (f, o) => B(f, "revokeRole", [MINTER, o === f ? "0x000000000000000000000000000000000000dead" : o]),
      (f, o) => B(f, "hasRole", [MINTER, o]),
      (f, o) => B(f, "mintPoint", [o]),
      (f) => B(f, "mintTotal", []),
      (f, o) => B(f, "minted", [o]),
      (f) => B(f, "getRoleAdmin", [MINTER]),
    ];
    check("OZ AccessControl", await randomBlocks(g, result, actions, { label: "AccessControl: " }));
  });

  it("OpenZeppelin 5 Ownable + Pausable guarding a ledger", async function () {
    const result = analyzeFixtures("0.8.28", ["OzTokens.sol"]);
    const g = await createGroundWorld();
    const owner = g.accounts[0] ?? "";
    const ledger = await deploy(g, "0.8.28", "OzTokens.sol", "PausableLedger", [owner]);
    const L = at(ledger, "PausableLedger");
    await runCalls(
      g,
      g.accounts.map((a) => L(a, "credit", [a, 10n ** 9n])),
    );
    const actions: Action[] = [
      (f, o, v) => L(f, "credit", [o, v]),
      (f, o, v) => L(f, "credit", [o, v]),
      (f, _o, v) => L(f, "spend", [v]),
      (f, _o, v) => L(f, "spend", [v]),
      (f, o) => L(f, "credits", [o]),
      (f) => L(f, "paused", []),
      (f) => L(f, "owner", []),
      () => L(owner, "unpause", []),
    ];
    check("OZ Ownable+Pausable", await randomBlocks(g, result, actions, { label: "Pausable: " }));
  });
});

describe("analyzer: executed ground truth per contract family, DeFi and games", function () {
  this.timeout(600_000);
  after(table);

  it("OpenZeppelin 5 Governor-lite over ERC20Votes (proposals, votes, delegation)", async function () {
    const file = "GovernorLite.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const token = await deploy(g, "0.8.28", file, "GovToken");
    const gov = await deploy(g, "0.8.28", file, "GovernorLite", [token]);
    const T = at(token, "GovToken");
    const G = at(gov, "GovernorLite");
    const { next } = ring(g);
    const voted = new Set<string>();
    const proposals: bigint[] = [];
    let made = 0;
    const propose = (f: string): Call => {
      const description = `proposal ${made++}`;
      const encoded = AbiCoder.defaultAbiCoder().encode(
        ["address[]", "uint256[]", "bytes[]", "bytes32"],
        [[token], [0n], ["0x"], id(description)],
      );
      proposals.push(BigInt(keccak256(encoded)));
      return G(f, "propose", [[token], [0n], ["0x"], description]);
    };
    await runCalls(
      g,
      g.accounts.flatMap((a, i) => [T(a, "mint", [a, 10n ** 21n]), T(a, "delegate", [i % 3 === 0 ? next(a) : a])]),
    );
    await runCalls(g, [propose(g.accounts[1] ?? ""), propose(g.accounts[2] ?? "")]);
    const open = proposals.slice();
    const vote = (f: string, pick: <T>(xs: readonly T[]) => T, support: bigint): Call => {
      const free = open.filter((p) => !voted.has(`${p}:${f}`));
      if (free.length === 0) return G(f, "hasVoted", [pick(open), f]);
      const p = pick(free);
      voted.add(`${p}:${f}`);
      return G(f, "castVote", [p, support]);
    };
    const actions: Action[] = [
      (f, _o, v, pick) => vote(f, pick, v % 3n),
      (f, _o, v, pick) => vote(f, pick, v % 2n),
      (f, _o, _v, pick) => G(f, "state", [pick(open)]),
      (f, _o, _v, pick) => G(f, "proposalVotes", [pick(open)]),
      (f, o, _v, pick) => G(f, "hasVoted", [pick(open), o]),
      (f, o) => T(f, "delegate", [o]),
      (f, o, v) => T(f, "transfer", [o, v]),
      (f, o) => T(f, "getVotes", [o]),
    ];
    check("OZ Governor-lite", await randomBlocks(g, result, actions, { label: "Governor: " }));
  });

  it("solmate-style ERC4626 + Owned over a solmate-style asset (assembly token calls and mulDiv)", async function () {
    const file = "SolmateVault.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const owner = g.accounts[0] ?? "";
    const asset = await deploy(g, "0.8.28", file, "SmAsset");
    const vault = await deploy(g, "0.8.28", file, "SmVault", [asset, owner]);
    const A = at(asset, "SmAsset");
    const V = at(vault, "SmVault");
    await runCalls(g, vaultSetup(g, A, V, vault));
    const actions: Action[] = [
      ...vaultActions(g, V),
      (f) => V(f, "totalAssets", []),
      (f, o) => V(f, "maxWithdraw", [o]),
      (f, o) => V(f, "balanceOf", [o]),
      (_f, o) => V(owner, "setFeeTo", [o]),
      (f) => V(f, "feeTo", []),
      (f, o, v) => A(f, "transfer", [o, v]),
      (f, o) => A(f, "balanceOf", [o]),
    ];
    check("solmate ERC4626+Owned", await randomBlocks(g, result, actions, { label: "solmate vault: " }));
  });

  it("Synthetix-style staking rewards over OpenZeppelin tokens", async function () {
    const file = "Staking.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const owner = g.accounts[0] ?? "";
    const stake = await deploy(g, "0.8.28", file, "StakeToken", ["STK"]);
    const reward = await deploy(g, "0.8.28", file, "StakeToken", ["RWD"]);
    const pool = await deploy(g, "0.8.28", file, "StakingRewards", [owner, stake, reward]);
    const S = at(stake, "StakeToken");
    const R = at(reward, "StakeToken");
    const P = at(pool, "StakingRewards");
    await runCalls(g, [
      R(owner, "mint", [pool, 10n ** 27n]),
      P(owner, "notifyRewardAmount", [10n ** 24n]),
      ...g.accounts.flatMap((a) => [
        S(a, "mint", [a, 10n ** 24n]),
        S(a, "approve", [pool, MaxUint256]),
        P(a, "stake", [10n ** 20n]),
      ]),
    ]);
    const actions: Action[] = [
      (f, _o, v) => P(f, "stake", [v * 10n ** 9n]),
      (f, _o, v) => P(f, "withdraw", [v]),
      (f) => P(f, "getReward", []),
      (f, o) => P(f, "earned", [o]),
      (f, o) => P(f, "balanceOf", [o]),
      (f) => P(f, "rewardPerToken", []),
      (f, o, v) => S(f, "transfer", [o, v]),
      (f, o) => R(f, "balanceOf", [o]),
    ];
    check("staking rewards", await randomBlocks(g, result, actions, { label: "staking: " }));
  });

  it("WETH9 with ETH balances counted", async function () {
    const file = "EthBalance.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const weth = await deploy(g, "0.8.28", file, "WETH9");
    const W = at(weth, "WETH9");
    const { next, prev } = ring(g);
    await runCalls(
      g,
      g.accounts.flatMap((a) => [W(a, "deposit", [], 10n ** 20n), W(a, "approve", [next(a), MaxUint256])]),
    );
    const actions: Action[] = [
      (f, _o, v) => W(f, "deposit", [], v),
      (f, _o, v) => W(f, "withdraw", [v]),
      (f, o, v) => W(f, "transfer", [o, v]),
      (f, o, v) => W(f, "transferFrom", [prev(f), o, v]),
      (f, o, v) => W(f, "approve", [o, v]),
      (f, o) => W(f, "balanceOf", [o]),
      (f) => W(f, "totalSupply", []),
    ];
    check("WETH9", await randomBlocks(g, result, actions, { label: "WETH9: ", balances: true }));
  });

  it("a guild game: per-hero state, guild scores keyed by a stored guild, items and a champion", async function () {
    const file = "GuildGame.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const game = await deploy(g, "0.8.28", file, "GuildGame");
    const Q = at(game, "GuildGame");
    await runCalls(g, [
      ...g.accounts.map((a, i) => Q(a, "join", [BigInt(i % 3)])),
      ...g.accounts.map((a) => Q(a, "quest", [1000n])),
    ]);
    let item = 0n;
    const mine = new Map<string, bigint[]>(g.accounts.map((a) => [a, []]));
    const actions: Action[] = [
      (f, _o, v) => Q(f, "quest", [v]),
      (f, _o, v) => Q(f, "quest", [v]),
      (f) => {
        mine.get(f)?.push(++item);
        return Q(f, "buyItem", [item]);
      },
      (f, o) => {
        const owned = mine.get(f) ?? [];
        const given = owned.pop();
        if (given === undefined) return Q(f, "itemOwner", [item]);
        mine.get(o)?.push(given);
        return Q(f, "giveItem", [given, o]);
      },
      (f, _o, v) => Q(f, "switchGuild", [v % 3n]),
      (f, _o, v) => Q(f, "guildScore", [v % 3n]),
      (f, o) => Q(f, "heroes", [o]),
      (f) => Q(f, "champion", []),
    ];
    check("guild game", await randomBlocks(g, result, actions, { label: "guild game: " }));
  });

  it("a Uniswap v3-style pool: positions keyed by keccak256(owner, tickLower, tickUpper), shared ticks, swaps", async function () {
    const file = "V3Pool.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const pool = await deploy(g, "0.8.28", file, "V3Pool");
    const P = at(pool, "V3Pool");
    const ranges: [bigint, bigint][] = [
      [-600n, 600n],
      [-60n, 60n],
      [0n, 1200n],
      [-1200n, -60n],
    ];
    await runCalls(
      g,
      g.accounts.flatMap((a) => ranges.map(([lo, hi]) => P(a, "mint", [lo, hi, 10n ** 12n]))),
    );
    const actions: Action[] = [
      (f, _o, v, pick) => P(f, "mint", [...pick(ranges), v]),
      (f, _o, v, pick) => P(f, "burn", [...pick(ranges), v]),
      (f, _o, _v, pick) => P(f, "collect", pick(ranges)),
      (f, _o, _v, pick) => P(f, "collect", pick(ranges)),
      (f, o, _v, pick) => P(f, "positionOf", [o, ...pick(ranges)]),
      (f, _o, v) => P(f, "swap", [(v % 100n) - 50n]),
    ];
    check("Uniswap v3-style pool", await randomBlocks(g, result, actions, { label: "v3 pool: " }));
  });

  it("a Solady-style ERC20: balances and allowances at seeded slots computed in assembly", async function () {
    const file = "Solady.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const token = await deploy(g, "0.8.28", file, "SoladyToken");
    const T = at(token, "SoladyToken");
    await runCalls(
      g,
      g.accounts.map((a) => T(a, "mint", [a, 10n ** 21n])),
    );
    const actions: Action[] = [
      (f, o, v) => T(f, "transfer", [o, v]),
      (f, o, v) => T(f, "transfer", [o, v]),
      (f, o, v) => T(f, "approve", [o, v]),
      (f, o, v) => T(f, "mint", [o, v]),
      (f, o) => T(f, "balanceOf", [o]),
      (f, o) => T(f, "allowance", [f, o]),
      (f) => T(f, "totalSupply", []),
    ];
    check("Solady-style ERC20 (assembly)", await randomBlocks(g, result, actions, { label: "solady: " }));
  });

  it("OpenZeppelin 5 ERC721 (transfers, safe transfers to accounts, approvals)", async function () {
    const result = analyzeFixtures("0.8.28", ["NFT.sol"]);
    const g = await createGroundWorld();
    const nft = await deploy(g, "0.8.28", "NFT.sol", "NFT");
    const N = at(nft, "NFT");
    const owned = new Map<string, bigint[]>(g.accounts.map((a) => [a, []]));
    let nextId = 1n;
    const mint = (from: string, to: string): Call => {
      owned.get(to)?.push(nextId);
      return N(from, "mint", [to, nextId++]);
    };
    await runCalls(
      g,
      g.accounts.flatMap((a) => [mint(a, a), mint(a, a), mint(a, a)]),
    );
    const move = (f: string, o: string, pick: <T>(xs: readonly T[]) => T, fn: string): Call => {
      const ids = owned.get(f) ?? [];
      if (ids.length === 0) return mint(f, f);
      const tokenId = pick(ids);
      owned.set(
        f,
        ids.filter((x) => x !== tokenId),
      );
      owned.get(o)?.push(tokenId);
      return N(f, fn, [f, o, tokenId]);
    };
    const actions: Action[] = [
      (f, o) => mint(f, o),
      (f, o, _v, pick) => move(f, o, pick, "transferFrom"),
      (f, o, _v, pick) => move(f, o, pick, "safeTransferFrom(address,address,uint256)"),
      (f, o, _v, pick) => N(f, "approve", [o, pick((owned.get(f) ?? []).length > 0 ? (owned.get(f) ?? []) : [1n])]),
      (f, o) => N(f, "setApprovalForAll", [o, true]),
      (f, o) => N(f, "balanceOf", [o]),
      (f, _o, v) => N(f, "ownerOf", [1n + (v % 18n)]),
      (f, _o, v) => N(f, "getApproved", [1n + (v % 18n)]),
    ];
    check("OZ ERC721", await randomBlocks(g, result, actions, { label: "ERC721: " }));
  });
});
