// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice A single-asset lending pool: deposit the asset, borrow up to 75 % of your deposit, repay with simple
///         interest accrued per account, and get liquidated (50 % close factor, 5 % bonus) once your debt exceeds
///         85 % of your deposit.
/// @dev Hotspot: the global `totalDeposits` and `totalBorrows`, read and written by every deposit, withdraw,
///      borrow, repay and liquidate, plus the pool's own balance in the asset token (one hub balance that
///      every token movement in or out touches). Any two lending transactions conflict.
/// @dev Remedy: see `ShardedLendingPool`: per-user accounts only, totals kept as 16 partitioned counters
///      (`shardDeposits`, `shardBorrows`, summed lazily by the views) and funds held in one vault per shard,
///      so users in different shards never touch the same slot.
contract LendingPool {
    using SafeERC20 for IERC20;

    struct Account {
        uint256 deposited;
        uint256 debt;
        uint256 lastAccrual;
    }

    uint256 public constant WAD = 1e18;
    uint256 public constant COLLATERAL_FACTOR = 0.75e18;
    uint256 public constant LIQUIDATION_THRESHOLD = 0.85e18;
    uint256 public constant CLOSE_FACTOR = 0.5e18;
    uint256 public constant LIQUIDATION_BONUS = 1.05e18;
    uint256 public constant YEAR = 365 days;

    IERC20 public immutable asset;
    /// @notice Simple yearly interest rate on debt, in WAD (0.1e18 = 10 % a year).
    uint256 public immutable borrowRatePerYear;

    uint256 public totalDeposits;
    uint256 public totalBorrows;
    mapping(address => Account) public accounts;

    event Deposit(address indexed user, uint256 amount);
    event Withdraw(address indexed user, uint256 amount);
    event Borrow(address indexed user, uint256 amount);
    event Repay(address indexed user, uint256 amount);
    event Liquidate(address indexed liquidator, address indexed borrower, uint256 repaid, uint256 seized);

    error ZeroAmount();
    error InsufficientDeposit(uint256 available, uint256 requested);
    error InsufficientCollateral(uint256 debtAfter, uint256 maxDebt);
    error RepayTooLarge(uint256 maxRepay, uint256 requested);
    error NotLiquidatable(address borrower);

    constructor(IERC20 asset_, uint256 borrowRatePerYear_) {
        asset = asset_;
        borrowRatePerYear = borrowRatePerYear_;
    }

    // ---------------------------------------------------------------- views

    function depositOf(address user) external view returns (uint256) {
        return accounts[user].deposited;
    }

    /// @notice Debt including the interest accrued since the account was last touched.
    function debtOf(address user) public view returns (uint256) {
        Account storage a = accounts[user];
        return a.debt + _pendingInterest(a);
    }

    function isLiquidatable(address user) public view returns (bool) {
        return debtOf(user) * WAD > accounts[user].deposited * LIQUIDATION_THRESHOLD;
    }

    // ---------------------------------------------------------------- actions

    function deposit(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        accounts[msg.sender].deposited += amount;
        totalDeposits += amount;
        asset.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposit(msg.sender, amount);
    }

    function withdraw(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        if (amount > a.deposited) revert InsufficientDeposit(a.deposited, amount);
        uint256 maxDebt = ((a.deposited - amount) * COLLATERAL_FACTOR) / WAD;
        if (a.debt > maxDebt) revert InsufficientCollateral(a.debt, maxDebt);
        a.deposited -= amount;
        totalDeposits -= amount;
        asset.safeTransfer(msg.sender, amount);
        emit Withdraw(msg.sender, amount);
    }

    function borrow(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        uint256 maxDebt = (a.deposited * COLLATERAL_FACTOR) / WAD;
        if (a.debt + amount > maxDebt) revert InsufficientCollateral(a.debt + amount, maxDebt);
        a.debt += amount;
        totalBorrows += amount;
        asset.safeTransfer(msg.sender, amount);
        emit Borrow(msg.sender, amount);
    }

    /// @notice Repays `amount` of the caller's debt; `type(uint256).max` repays all of it.
    function repay(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        if (amount == type(uint256).max) amount = a.debt;
        if (amount == 0 || amount > a.debt) revert RepayTooLarge(a.debt, amount);
        a.debt -= amount;
        totalBorrows -= amount;
        asset.safeTransferFrom(msg.sender, address(this), amount);
        emit Repay(msg.sender, amount);
    }

    /// @notice Repays up to half of an unhealthy borrower's debt and seizes 105 % of it from their deposit.
    function liquidate(address borrower, uint256 repayAmount) external {
        if (repayAmount == 0) revert ZeroAmount();
        Account storage a = _accrue(borrower);
        if (a.debt * WAD <= a.deposited * LIQUIDATION_THRESHOLD) revert NotLiquidatable(borrower);
        uint256 maxRepay = (a.debt * CLOSE_FACTOR) / WAD;
        if (repayAmount > maxRepay) revert RepayTooLarge(maxRepay, repayAmount);
        uint256 seized = (repayAmount * LIQUIDATION_BONUS) / WAD;
        if (seized > a.deposited) seized = a.deposited;
        a.debt -= repayAmount;
        a.deposited -= seized;
        totalBorrows -= repayAmount;
        totalDeposits -= seized;
        asset.safeTransferFrom(msg.sender, address(this), repayAmount);
        asset.safeTransfer(msg.sender, seized);
        emit Liquidate(msg.sender, borrower, repayAmount, seized);
    }

    // ---------------------------------------------------------------- internals

    function _pendingInterest(Account storage a) private view returns (uint256) {
        if (a.debt == 0) return 0;
        return (a.debt * borrowRatePerYear * (block.timestamp - a.lastAccrual)) / (YEAR * WAD);
    }

    /// @dev Folds the account's pending interest into its debt and into the global `totalBorrows`.
    function _accrue(address user) private returns (Account storage a) {
        a = accounts[user];
        uint256 interest = _pendingInterest(a);
        a.lastAccrual = block.timestamp;
        if (interest != 0) {
            a.debt += interest;
            totalBorrows += interest;
        }
    }
}
