// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A plain OpenZeppelin ERC20 with an open mint, used by the DeFi workloads.
contract SampleToken is ERC20 {
    constructor() ERC20("Sample", "SMP") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
