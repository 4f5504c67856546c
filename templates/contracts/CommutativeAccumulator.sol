// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Fees accumulated with add-only updates that are never read in the same transaction.
/// @dev Hotspot it removes: `feesCollected = feesCollected + fee` after reading `feesCollected` for a check makes
///      every pair of transactions conflict. Remedy: only add (`+=`) and never read it on the hot path; a
///      parallel executor that applies commutative deltas (as hardhat-parallel's analyzer marks them) runs such
///      updates without conflicts. Reads happen in a separate, rare function.
contract CommutativeAccumulator {
    uint256 public feesCollected;
    mapping(address => uint256) public paid;

    function pay() external payable {
        paid[msg.sender] += msg.value;
        feesCollected += msg.value / 100;
    }
}
