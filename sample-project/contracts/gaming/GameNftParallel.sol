// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice The parallel-friendly `GameNft`: same open mint, same ERC721 events; token ids are
///         `uint256(uint160(minter)) << 96 | nonce` with a per-minter nonce starting at 1.
/// @dev Hotspot: none global: a mint writes only the minter's nonce, the recipient's balance and the new token.
/// @dev Remedy: the global `nextTokenId` of `GameNft` is replaced by the per-minter counter `mintedBy`, from
///      which ids are derived (unique because the minter's address occupies the top 160 bits).
contract GameNftParallel is ERC721 {
    /// @notice How many tokens each address has minted: also the nonce of its last token id.
    mapping(address => uint256) public mintedBy;

    constructor() ERC721("Game Hero", "HERO") {}

    /// @notice The id of `minter`'s `nonce`-th token (nonces start at 1).
    function tokenIdFor(address minter, uint256 nonce) public pure returns (uint256) {
        return (uint256(uint160(minter)) << 96) | nonce;
    }

    /// @notice Mints the caller's next token id to `to`.
    function mint(address to) external returns (uint256 tokenId) {
        tokenId = tokenIdFor(msg.sender, ++mintedBy[msg.sender]);
        _mint(to, tokenId);
    }
}
