// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

contract MyNft is ERC721 {
    uint256 public nextTokenId;

    constructor() ERC721("MyNft", "MNFT") {}

    function mint(address to) external returns (uint256 id) {
        id = nextTokenId++;
        _mint(to, id);
    }
}
