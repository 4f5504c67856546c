// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice A self-contained constant-product pool over its own two tokens, swapped directly (no router, no
///         factory): `swap` pulls the input from the caller and pays the output in one call.
/// @dev Hotspot: `reserve0`/`reserve1`, written by every swap of this pool — swaps of one pool are a chain.
/// @dev Sharding: the pool calls only its own tokens, so a pool, its tokens and its traders fit in one shard;
///      pools with their own traders split cleanly (compare `AmmRouter`, whose swaps call whichever pair the
///      path names, through the factory every caller shares).
contract AmmPool {
    using SafeERC20 for IERC20;

    IERC20 public immutable token0;
    IERC20 public immutable token1;
    /// @custom:parallel-allow a pool's price: every swap of this pool sees the previous one; volume is spread over pools
    uint256 public reserve0;
    /// @custom:parallel-allow a pool's price: every swap of this pool sees the previous one; volume is spread over pools
    uint256 public reserve1;

    event Swap(address indexed trader, bool zeroForOne, uint256 amountIn, uint256 amountOut);

    error InsufficientOutputAmount(uint256 amountOut, uint256 amountOutMin);
    error InsufficientLiquidity();

    constructor(IERC20 token0_, IERC20 token1_) {
        token0 = token0_;
        token1 = token1_;
    }

    /// @notice Adds liquidity at any ratio (the sample's setup only): pulls both amounts from the caller.
    function addLiquidity(uint256 amount0, uint256 amount1) external {
        token0.safeTransferFrom(msg.sender, address(this), amount0);
        token1.safeTransferFrom(msg.sender, address(this), amount1);
        reserve0 += amount0;
        reserve1 += amount1;
    }

    /// @notice Swaps exactly `amountIn` of one token for the other (0.3 % fee), at least `amountOutMin`.
    function swap(bool zeroForOne, uint256 amountIn, uint256 amountOutMin) external returns (uint256 amountOut) {
        (IERC20 tokenIn, IERC20 tokenOut, uint256 reserveIn, uint256 reserveOut) = zeroForOne
            ? (token0, token1, reserve0, reserve1)
            : (token1, token0, reserve1, reserve0);
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        uint256 amountInWithFee = amountIn * 997;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        tokenIn.safeTransferFrom(msg.sender, address(this), amountIn);
        tokenOut.safeTransfer(msg.sender, amountOut);
        if (zeroForOne) (reserve0, reserve1) = (reserveIn + amountIn, reserveOut - amountOut);
        else (reserve1, reserve0) = (reserveIn + amountIn, reserveOut - amountOut);
        emit Swap(msg.sender, zeroForOne, amountIn, amountOut);
    }
}
