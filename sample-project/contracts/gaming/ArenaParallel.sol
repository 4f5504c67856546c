// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The parallel-friendly `Arena`. A battle arena: players register (100 hp), `battle(opponent)` decides a winner from both players'
///         xp and a roll seeded by their state (the winner gains 10 xp, the loser 2 xp and loses 10 hp), and a
///         knocked-out player `rest`s one hour after their last battle to heal.
///         Same rules, events and errors as `Arena`, except that the leaderboard announces
///         shard records (`NewShardChampion`) instead of global ones (`NewChampion`, whose check would read
///         every shard).
/// @dev Hotspot: none global: a battle touches both players' state and, only when a record falls, the
///      leaderboard slot of their shard (`uint160(player) % SHARDS`).
/// @dev Remedy: the global `round` of `Arena` is replaced by per-player rounds (battle id =
///      `uint160(attacker) << 96 | attacker's battles`), and the global `highScore`/`champion` by a per-shard
///      leaderboard `shardHighScore[shard]`/`shardChampion[shard]` combined lazily by the `highScore()` and
///      `champion()` views (a tie across shards goes to the lower shard).
contract ArenaParallel {
    struct Player {
        bool registered;
        uint32 hp;
        uint32 wins;
        uint32 losses;
        uint32 battles;
        uint64 xp;
        uint40 lastBattle;
    }

    uint32 public constant MAX_HP = 100;
    uint32 public constant DAMAGE = 10;
    uint64 public constant WIN_XP = 10;
    uint64 public constant LOSS_XP = 2;
    uint256 public constant REST_COOLDOWN = 1 hours;

    uint256 public constant SHARDS = 16;

    mapping(address => Player) public players;
    /// @notice Per shard: highest xp a player of the shard has reached, and who reached it first.
    uint256[SHARDS] public shardHighScore;
    address[SHARDS] public shardChampion;

    event Registered(address indexed player);
    event Battle(uint256 indexed battleId, address indexed attacker, address indexed defender, address winner);
    /// @notice A player beat their shard's record; `Arena`'s `NewChampion` is the running maximum of these.
    event NewShardChampion(uint256 indexed shard, address indexed player, uint256 xp);
    event Rested(address indexed player);

    error AlreadyRegistered(address player);
    error NotRegistered(address player);
    error CannotFightSelf();
    error KnockedOut(address player);
    error StillTired(uint256 readyAt);

    function register() external {
        if (players[msg.sender].registered) revert AlreadyRegistered(msg.sender);
        players[msg.sender] = Player(true, MAX_HP, 0, 0, 0, 0, 0);
        emit Registered(msg.sender);
    }

    /// @notice Fights `opponent`; returns the winner.
    function battle(address opponent) external returns (address winner) {
        if (opponent == msg.sender) revert CannotFightSelf();
        Player storage a = _fighter(msg.sender);
        Player storage d = _fighter(opponent);

        uint256 seed = uint256(keccak256(abi.encode(msg.sender, opponent, a.battles, d.battles)));
        bool attackerWins = (seed % 100) + a.xp / 10 >= ((seed >> 128) % 100) + d.xp / 10;
        (Player storage w, Player storage l) = attackerWins ? (a, d) : (d, a);
        winner = attackerWins ? msg.sender : opponent;
        address loser = attackerWins ? opponent : msg.sender;

        w.wins++;
        w.xp += WIN_XP;
        l.losses++;
        l.xp += LOSS_XP;
        l.hp = l.hp > DAMAGE ? l.hp - DAMAGE : 0;
        a.battles++;
        d.battles++;
        a.lastBattle = uint40(block.timestamp);
        d.lastBattle = uint40(block.timestamp);

        uint256 battleId = battleIdFor(msg.sender, a.battles);
        _recordScore(winner, w.xp);
        _recordScore(loser, l.xp);
        emit Battle(battleId, msg.sender, opponent, winner);
    }

    /// @notice Restores full hp once `REST_COOLDOWN` has passed since the caller's last battle.
    function rest() external {
        Player storage p = players[msg.sender];
        if (!p.registered) revert NotRegistered(msg.sender);
        uint256 readyAt = uint256(p.lastBattle) + REST_COOLDOWN;
        if (block.timestamp < readyAt) revert StillTired(readyAt);
        p.hp = MAX_HP;
        emit Rested(msg.sender);
    }

    function shardOf(address player) public pure returns (uint256) {
        return uint256(uint160(player)) % SHARDS;
    }

    /// @notice Id of the battle `attacker` started when its `battles` count became `battles`.
    function battleIdFor(address attacker, uint256 battles) public pure returns (uint256) {
        return (uint256(uint160(attacker)) << 96) | battles;
    }

    /// @notice Highest xp any player has reached (computed lazily over the shards).
    function highScore() public view returns (uint256 best) {
        for (uint256 i; i < SHARDS; i++) if (shardHighScore[i] > best) best = shardHighScore[i];
    }

    /// @notice Who holds `highScore()` (lower shard wins a tie across shards).
    function champion() external view returns (address who) {
        uint256 best;
        for (uint256 i; i < SHARDS; i++) {
            if (shardHighScore[i] > best) (best, who) = (shardHighScore[i], shardChampion[i]);
        }
    }

    function _fighter(address who) private view returns (Player storage p) {
        p = players[who];
        if (!p.registered) revert NotRegistered(who);
        if (p.hp == 0) revert KnockedOut(who);
    }

    function _recordScore(address player, uint256 xp) private {
        uint256 shard = shardOf(player);
        if (xp > shardHighScore[shard]) {
            shardHighScore[shard] = xp;
            if (shardChampion[shard] != player) shardChampion[shard] = player;
            emit NewShardChampion(shard, player, xp);
        }
    }
}
