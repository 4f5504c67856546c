// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Config {
    address public owner;
    uint256 public feeBps;
    mapping(address => uint256) public scores;

    constructor() {
        owner = msg.sender;
    }

    function setFee(uint256 bps) external {
        require(msg.sender == owner, "not owner");
        feeBps = bps;
    }

    function record(uint256 score) external {
        scores[msg.sender] = score * (10_000 - feeBps) / 10_000;
    }
}
