// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice The parallel-friendly `Marketplace`. A fixed-price ERC721 marketplace without escrow: sellers `list` a token they own and have approved
///         to the marketplace, buyers `buy` it for exactly the price in ether (paid straight to the seller),
///         sellers `cancel`. `buy` follows checks-effects-interactions (the listing is deleted before any external
///         call), so it needs no lock slot that every sale would write.
///         Same rules, events and errors as `Marketplace`; listing ids are
///         `uint160(seller) << 96 | nonce` with the per-seller nonce `listingsBy[seller]` starting at 1.
/// @dev Hotspot: none global: a listing touches the seller's nonce and the new listing, a sale the listing,
///      the seller's volume and the token's owner/balances.
/// @dev Remedy: the global `nextListingId` of `Marketplace` is replaced by the per-seller nonce `listingsBy`,
///      and the global `totalVolume` is dropped: volume is kept per seller (`volumeBySeller`) and summed
///      off-chain from the `Sold` events.
contract MarketplaceParallel {
    struct Listing {
        address seller;
        IERC721 nft;
        uint256 tokenId;
        uint256 price;
    }

    mapping(uint256 => Listing) public listings;
    /// @notice Ether received by each seller.
    mapping(address => uint256) public volumeBySeller;
    /// @notice Number of listings each seller has created.
    mapping(address => uint256) public listingsBy;

    event Listed(
        uint256 indexed listingId,
        address indexed seller,
        address indexed nft,
        uint256 tokenId,
        uint256 price
    );
    event Sold(uint256 indexed listingId, address indexed buyer, address indexed seller, uint256 price);
    event Cancelled(uint256 indexed listingId);

    error ZeroPrice();
    error NotTokenOwner(address caller, uint256 tokenId);
    error NotApproved(uint256 tokenId);
    error NotListed(uint256 listingId);
    error NotSeller(uint256 listingId);
    error WrongPayment(uint256 price, uint256 paid);
    error PaymentFailed(address seller);

    /// @notice Id of `seller`'s `nonce`-th listing (nonces start at 1).
    function listingIdFor(address seller, uint256 nonce) public pure returns (uint256) {
        return (uint256(uint160(seller)) << 96) | nonce;
    }

    /// @notice Lists `tokenId` of `nft` for `price` wei; the caller must own it and have approved this contract.
    function list(IERC721 nft, uint256 tokenId, uint256 price) external returns (uint256 listingId) {
        if (price == 0) revert ZeroPrice();
        if (nft.ownerOf(tokenId) != msg.sender) revert NotTokenOwner(msg.sender, tokenId);
        if (nft.getApproved(tokenId) != address(this) && !nft.isApprovedForAll(msg.sender, address(this))) {
            revert NotApproved(tokenId);
        }
        listingId = listingIdFor(msg.sender, ++listingsBy[msg.sender]);
        listings[listingId] = Listing(msg.sender, nft, tokenId, price);
        emit Listed(listingId, msg.sender, address(nft), tokenId, price);
    }

    /// @notice Buys a listing: send exactly its price; the token moves to the caller, the ether to the seller.
    function buy(uint256 listingId) external payable {
        Listing memory l = listings[listingId];
        if (l.seller == address(0)) revert NotListed(listingId);
        if (msg.value != l.price) revert WrongPayment(l.price, msg.value);
        delete listings[listingId];
        volumeBySeller[l.seller] += l.price;
        l.nft.safeTransferFrom(l.seller, msg.sender, l.tokenId);
        (bool ok, ) = payable(l.seller).call{value: l.price}("");
        if (!ok) revert PaymentFailed(l.seller);
        emit Sold(listingId, msg.sender, l.seller, l.price);
    }

    function cancel(uint256 listingId) external {
        Listing storage l = listings[listingId];
        if (l.seller == address(0)) revert NotListed(listingId);
        if (l.seller != msg.sender) revert NotSeller(listingId);
        delete listings[listingId];
        emit Cancelled(listingId);
    }
}
