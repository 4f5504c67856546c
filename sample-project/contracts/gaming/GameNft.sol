// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Open-mint game NFT (heroes) with sequential token ids 1, 2, 3, ...
/// @dev Hotspot: `nextTokenId`, read and incremented by every `mint`: any two mints conflict.
/// @dev Remedy: see `GameNftParallel`: ids derived from the minter and a per-minter nonce, no global counter.
contract GameNft is ERC721 {
    uint256 public nextTokenId = 1;
    /// @notice How many tokens each address has minted (per-user, conflict-free).
    mapping(address => uint256) public mintedBy;

    constructor() ERC721("Game Hero", "HERO") {}

    /// @notice Mints the next token id to `to`.
    function mint(address to) external returns (uint256 tokenId) {
        tokenId = nextTokenId++;
        mintedBy[msg.sender]++;
        _mint(to, tokenId);
    }
}
