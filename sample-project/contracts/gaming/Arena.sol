// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A battle arena: players register (100 hp), `battle(opponent)` decides a winner from both players'
///         xp and a roll seeded by their state (the winner gains 10 xp, the loser 2 xp and loses 10 hp), and a
///         knocked-out player `rest`s one hour after their last battle to heal.
/// @dev Hotspot: the global `round` counter incremented by every battle, and the global leaderboard
///      `highScore`/`champion`, read by every battle and written whenever a player's xp beats the record.
///      Any two battles conflict, even between four different players.
/// @dev Remedy: see `ArenaParallel`: battle ids derived from the attacker's own `battles` count, and the
///      leaderboard kept per shard (`shardHighScore`, `shardChampion`) and combined lazily by the views.
contract Arena {
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

    mapping(address => Player) public players;
    /// @notice Number of battles fought so far, by everyone; also the id of the last battle.
    uint256 public round;
    /// @notice Highest xp any player has reached, and who reached it first.
    uint256 public highScore;
    address public champion;

    event Registered(address indexed player);
    event Battle(uint256 indexed battleId, address indexed attacker, address indexed defender, address winner);
    event NewChampion(address indexed player, uint256 xp);
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

        uint256 battleId = ++round;
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

    function _fighter(address who) private view returns (Player storage p) {
        p = players[who];
        if (!p.registered) revert NotRegistered(who);
        if (p.hp == 0) revert KnockedOut(who);
    }

    function _recordScore(address player, uint256 xp) private {
        if (xp > highScore) {
            highScore = xp;
            if (champion != player) champion = player;
            emit NewChampion(player, xp);
        }
    }
}
