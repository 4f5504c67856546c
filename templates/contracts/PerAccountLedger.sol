// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Per-account state instead of globals: a transaction only writes the slots of its own account.
/// @dev Hotspot it removes: global aggregates (`totalDeposits`, a global `lastUpdate`, a global id counter)
///      written by every call. Remedy: keep aggregates per account and derive global figures off-chain (events)
///      or lazily; derive ids from (account, per-account nonce) instead of a global counter.
contract PerAccountLedger {
    struct Account {
        uint128 balance;
        uint64 nonce;
        uint64 lastUpdate;
    }

    mapping(address => Account) public accounts;

    event Deposited(address indexed account, uint256 amount, uint256 id);

    function deposit() external payable {
        Account storage a = accounts[msg.sender];
        a.balance += uint128(msg.value);
        a.nonce += 1;
        a.lastUpdate = uint64(block.timestamp);
        emit Deposited(msg.sender, msg.value, idFor(msg.sender, a.nonce));
    }

    /// @notice A globally unique id without a global counter.
    function idFor(address account, uint256 nonce) public pure returns (uint256) {
        return (uint256(uint160(account)) << 96) | nonce;
    }
}
