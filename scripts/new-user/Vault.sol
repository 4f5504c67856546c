// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Vault {
    uint256 public totalAssets;
    mapping(address => uint256) public shares;

    function deposit() external payable {
        shares[msg.sender] += msg.value;
        totalAssets += msg.value;
    }

    function withdraw(uint256 amount) external {
        shares[msg.sender] -= amount;
        totalAssets -= amount;
        payable(msg.sender).transfer(amount);
    }
}
