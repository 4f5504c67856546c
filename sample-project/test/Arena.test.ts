import { expect } from "chai";
import { network } from "hardhat";

const VARIANTS = ["Arena", "ArenaParallel"] as const;
type Variant = (typeof VARIANTS)[number];

interface PlayerState {
  hp: bigint;
  wins: bigint;
  losses: bigint;
  battles: bigint;
  xp: bigint;
}

async function deployArena(variant: Variant, registered = 4) {
  const connection = await network.create();
  const { ethers, networkHelpers, provider } = connection;
  const signers = await ethers.getSigners();
  const arena = await ethers.deployContract(variant);
  for (const s of signers.slice(0, registered)) await arena.connect(s).register();
  const [alice, bob, carol, dave] = signers as [
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
  ];
  const state = async (who: string): Promise<PlayerState> => {
    const p = await arena.players(who);
    return { hp: p.hp, wins: p.wins, losses: p.losses, battles: p.battles, xp: p.xp };
  };
  /** The winner the contract's rule picks for `attacker` vs `defender` in their current state. */
  const predictWinner = async (attacker: string, defender: string): Promise<string> => {
    const [a, d] = [await state(attacker), await state(defender)];
    const encoded = ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "uint256", "uint256"],
      [attacker, defender, a.battles, d.battles],
    );
    const seed = BigInt(ethers.keccak256(encoded));
    return (seed % 100n) + a.xp / 10n >= ((seed >> 128n) % 100n) + d.xp / 10n ? attacker : defender;
  };
  return { ethers, networkHelpers, provider, arena, signers, alice, bob, carol, dave, state, predictWinner };
}

for (const variant of VARIANTS) {
  describe(variant, function () {
    it("registers players once with full hp", async function () {
      const { arena, signers } = await deployArena(variant, 0);
      const [alice] = signers;
      await expect(arena.connect(alice!).register()).to.emit(arena, "Registered").withArgs(alice!.address);
      const p = await arena.players(alice!.address);
      expect([p.registered, p.hp, p.wins, p.xp]).to.deep.equal([true, 100n, 0n, 0n]);
      await expect(arena.connect(alice!).register())
        .to.be.revertedWithCustomError(arena, "AlreadyRegistered")
        .withArgs(alice!.address);
    });

    it("refuses battles with unregistered players or oneself", async function () {
      const { arena, signers, alice } = await deployArena(variant, 1);
      const stranger = signers[9]!;
      await expect(arena.connect(alice).battle(stranger.address))
        .to.be.revertedWithCustomError(arena, "NotRegistered")
        .withArgs(stranger.address);
      await expect(arena.connect(stranger).battle(alice.address))
        .to.be.revertedWithCustomError(arena, "NotRegistered")
        .withArgs(stranger.address);
      await expect(arena.connect(alice).battle(alice.address)).to.be.revertedWithCustomError(arena, "CannotFightSelf");
    });

    it("applies the battle rules to both players' state, as predicted from their state", async function () {
      const { arena, alice, bob, carol, state, predictWinner } = await deployArena(variant);
      const fights: [typeof alice, typeof alice][] = [
        [alice, bob],
        [bob, carol],
        [carol, alice],
        [alice, bob],
        [alice, carol],
      ];
      for (const [attacker, defender] of fights) {
        const [a, d] = [await state(attacker.address), await state(defender.address)];
        const winner = await predictWinner(attacker.address, defender.address);
        const attackerWon = winner === attacker.address;
        const battleId =
          variant === "Arena" ? (await arena.round()) + 1n : await arena.battleIdFor(attacker.address, a.battles + 1n);
        expect(await arena.connect(attacker).battle.staticCall(defender.address)).to.equal(winner);
        await expect(arena.connect(attacker).battle(defender.address))
          .to.emit(arena, "Battle")
          .withArgs(battleId, attacker.address, defender.address, winner);
        const [a2, d2] = [await state(attacker.address), await state(defender.address)];
        const [w, l, w2, l2] = attackerWon ? [a, d, a2, d2] : [d, a, d2, a2];
        expect(w2).to.deep.equal({ ...w, wins: w.wins + 1n, xp: w.xp + 10n, battles: w.battles + 1n });
        expect(l2).to.deep.equal({
          ...l,
          losses: l.losses + 1n,
          xp: l.xp + 2n,
          hp: l.hp - 10n,
          battles: l.battles + 1n,
        });
      }
    });

    it("knocks out a player at 0 hp, who rests one hour after the last battle to heal", async function () {
      const { arena, networkHelpers, alice, bob, state } = await deployArena(variant);
      let knockedOut: string | undefined;
      for (let i = 0; i < 40 && knockedOut === undefined; i++) {
        await arena.connect(alice).battle(bob.address);
        for (const who of [alice.address, bob.address]) if ((await state(who)).hp === 0n) knockedOut = who;
      }
      expect(knockedOut).to.not.equal(undefined);
      await expect(arena.connect(alice).battle(bob.address))
        .to.be.revertedWithCustomError(arena, "KnockedOut")
        .withArgs(knockedOut!);

      const koSigner = knockedOut === alice.address ? alice : bob;
      const lastBattle = (await arena.players(knockedOut!)).lastBattle;
      await expect(arena.connect(koSigner).rest())
        .to.be.revertedWithCustomError(arena, "StillTired")
        .withArgs(lastBattle + 3600n);
      await networkHelpers.time.increase(3600);
      await expect(arena.connect(koSigner).rest()).to.emit(arena, "Rested").withArgs(knockedOut!);
      expect((await state(knockedOut!)).hp).to.equal(100n);
      await expect(arena.connect(alice).battle(bob.address)).to.emit(arena, "Battle");
    });

    it("mines battles between disjoint pairs of players in one block", async function () {
      const { provider, arena, alice, bob, carol, dave, state } = await deployArena(variant);
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const txs = [await arena.connect(alice).battle(bob.address), await arena.connect(carol).battle(dave.address)];
      await provider.request({ method: "evm_mine", params: [] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      expect(receipts[0]?.blockNumber).to.equal(receipts[1]?.blockNumber);
      for (const p of [alice, bob, carol, dave]) {
        const s = await state(p.address);
        expect(s.battles).to.equal(1n);
        expect(s.wins + s.losses).to.equal(1n);
      }
      if (variant === "Arena") expect(await arena.round()).to.equal(2n);
    });
  });
}

describe("Arena leaderboard", function () {
  it("keeps the global round, highScore and champion, announcing each new record", async function () {
    const { arena, alice, bob, predictWinner } = await deployArena("Arena");
    const winner = await predictWinner(alice.address, bob.address);
    await expect(arena.connect(alice).battle(bob.address)).to.emit(arena, "NewChampion").withArgs(winner, 10n);
    expect(await arena.round()).to.equal(1n);
    expect(await arena.highScore()).to.equal(10n);
    expect(await arena.champion()).to.equal(winner);
  });
});

describe("ArenaParallel leaderboard", function () {
  it("keeps one record per shard and combines them lazily in highScore() and champion()", async function () {
    const { arena, alice, bob, predictWinner, state } = await deployArena("ArenaParallel");
    const winner = await predictWinner(alice.address, bob.address);
    const loser = winner === alice.address ? bob.address : alice.address;
    const shard = await arena.shardOf(winner);
    expect(shard).to.equal(BigInt(winner) % 16n);
    await expect(arena.connect(alice).battle(bob.address))
      .to.emit(arena, "NewShardChampion")
      .withArgs(shard, winner, 10n);
    expect(await arena.shardHighScore(shard)).to.equal(10n);
    expect(await arena.shardChampion(shard)).to.equal(winner);
    expect(await arena.shardHighScore(await arena.shardOf(loser))).to.equal(
      (await arena.shardOf(loser)) === shard ? 10n : 2n,
    );
    expect(await arena.highScore()).to.equal(10n);
    expect(await arena.champion()).to.equal(winner);
    expect((await state(winner)).xp).to.equal(10n);
    expect(arena.interface.getFunction("round")).to.equal(null);
  });
});

describe("Arena vs ArenaParallel", function () {
  it("reach the same player states and leaderboard after the same battles", async function () {
    this.timeout(20_000);
    const players = 6;
    const schedule: [number, number][] = [];
    for (let i = 0; i < 30; i++) schedule.push([(i * 7) % players, (i * 7 + 1 + (i % (players - 1))) % players]);
    const results = [];
    for (const variant of VARIANTS) {
      const { arena, signers, state } = await deployArena(variant, players);
      const winners: string[] = [];
      for (const [a, d] of schedule) {
        const tx = await arena.connect(signers[a]!).battle(signers[d]!.address);
        const receipt = await tx.wait();
        const battle = receipt!.logs.map((l) => arena.interface.parseLog(l)).find((e) => e?.name === "Battle");
        winners.push(battle!.args.winner);
      }
      const states = [];
      for (const s of signers.slice(0, players)) states.push(await state(s.address));
      results.push({ winners, states, highScore: await arena.highScore(), champion: await arena.champion() });
    }
    const [original, parallel] = results;
    expect(parallel!.winners).to.deep.equal(original!.winners);
    expect(parallel!.states).to.deep.equal(original!.states);
    expect(parallel!.highScore).to.equal(original!.highScore);
    const top = original!.states.filter((s) => s.xp === original!.highScore);
    if (top.length === 1) expect(parallel!.champion).to.equal(original!.champion);
    expect(original!.highScore).to.equal(original!.states.reduce((m, s) => (s.xp > m ? s.xp : m), 0n));
  });
});
