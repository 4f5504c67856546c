// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AmmPair} from "./AmmPair.sol";

/// @notice Creates one `AmmPair` per unordered token pair and indexes them.
/// @dev Hotspot: `allPairs` (its length slot) is appended by every `createPair`; only setup traffic touches it.
/// @dev Remedy: none needed for trading workloads: swaps never touch the factory.
contract AmmFactory {
    mapping(address => mapping(address => address)) public getPair;
    /// @custom:parallel-allow appended only when a pair is created (setup traffic); swaps never touch it
    address[] public allPairs;

    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 pairCount);

    error IdenticalAddresses();
    error ZeroAddress();
    error PairExists();

    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert IdenticalAddresses();
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
        if (getPair[token0][token1] != address(0)) revert PairExists();
        pair = address(new AmmPair{salt: keccak256(abi.encodePacked(token0, token1))}(token0, token1));
        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }
}
