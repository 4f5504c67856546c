// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice The parallel-friendly `LendingPool`: same rules, events and errors, same user-facing token flows.
/// @dev Hotspot: none global. Two transactions conflict only when their users share one of the `SHARDS`
///      shards (`uint160(user) % SHARDS`), i.e. with probability 1/16 for random users.
/// @dev Remedy: `totalDeposits`/`totalBorrows` are partitioned counters `shardDeposits[shard]` and
///      `shardBorrows[shard]` (summed lazily by the `totalDeposits()`/`totalBorrows()` views), and funds sit in
///      one `LendingVault` per shard (`vaults[shard]`) instead of one hub balance in the asset token.
contract ShardedLendingPool {
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

    uint256 public constant SHARDS = 16;

    uint256[SHARDS] public shardDeposits;
    uint256[SHARDS] public shardBorrows;
    /// @notice One vault per shard holds that shard's funds (written once, in the constructor).
    LendingVault[SHARDS] public vaults;
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
        for (uint256 i; i < SHARDS; i++) vaults[i] = new LendingVault(asset_);
    }

    function shardOf(address user) public pure returns (uint256) {
        return uint256(uint160(user)) % SHARDS;
    }

    function vaultOf(address user) public view returns (address) {
        return address(vaults[shardOf(user)]);
    }

    /// @notice Sum of the partitioned deposit counters (computed lazily; no transaction writes a global total).
    function totalDeposits() external view returns (uint256 sum) {
        for (uint256 i; i < SHARDS; i++) sum += shardDeposits[i];
    }

    /// @notice Sum of the partitioned borrow counters.
    function totalBorrows() external view returns (uint256 sum) {
        for (uint256 i; i < SHARDS; i++) sum += shardBorrows[i];
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
        shardDeposits[shardOf(msg.sender)] += amount;
        asset.safeTransferFrom(msg.sender, vaultOf(msg.sender), amount);
        emit Deposit(msg.sender, amount);
    }

    function withdraw(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        if (amount > a.deposited) revert InsufficientDeposit(a.deposited, amount);
        uint256 maxDebt = ((a.deposited - amount) * COLLATERAL_FACTOR) / WAD;
        if (a.debt > maxDebt) revert InsufficientCollateral(a.debt, maxDebt);
        a.deposited -= amount;
        shardDeposits[shardOf(msg.sender)] -= amount;
        vaults[shardOf(msg.sender)].pay(msg.sender, amount);
        emit Withdraw(msg.sender, amount);
    }

    function borrow(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        uint256 maxDebt = (a.deposited * COLLATERAL_FACTOR) / WAD;
        if (a.debt + amount > maxDebt) revert InsufficientCollateral(a.debt + amount, maxDebt);
        a.debt += amount;
        shardBorrows[shardOf(msg.sender)] += amount;
        vaults[shardOf(msg.sender)].pay(msg.sender, amount);
        emit Borrow(msg.sender, amount);
    }

    /// @notice Repays `amount` of the caller's debt; `type(uint256).max` repays all of it.
    function repay(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accrue(msg.sender);
        if (amount == type(uint256).max) amount = a.debt;
        if (amount == 0 || amount > a.debt) revert RepayTooLarge(a.debt, amount);
        a.debt -= amount;
        shardBorrows[shardOf(msg.sender)] -= amount;
        asset.safeTransferFrom(msg.sender, vaultOf(msg.sender), amount);
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
        uint256 shard = shardOf(borrower);
        shardBorrows[shard] -= repayAmount;
        shardDeposits[shard] -= seized;
        asset.safeTransferFrom(msg.sender, address(vaults[shard]), repayAmount);
        vaults[shard].pay(msg.sender, seized);
        emit Liquidate(msg.sender, borrower, repayAmount, seized);
    }

    // ---------------------------------------------------------------- internals

    function _pendingInterest(Account storage a) private view returns (uint256) {
        if (a.debt == 0) return 0;
        return (a.debt * borrowRatePerYear * (block.timestamp - a.lastAccrual)) / (YEAR * WAD);
    }

    /// @dev Folds the account's pending interest into its debt and into its shard's `shardBorrows` counter.
    function _accrue(address user) private returns (Account storage a) {
        a = accounts[user];
        uint256 interest = _pendingInterest(a);
        a.lastAccrual = block.timestamp;
        if (interest != 0) {
            a.debt += interest;
            shardBorrows[shardOf(user)] += interest;
        }
    }
}

/// @notice Holds one shard's funds for `ShardedLendingPool`; only the pool that created it can pay out.
/// @dev Hotspot: none: its balance in the asset token is touched only by users of its shard.
/// @dev Remedy: n/a (this contract is the remedy for the pool's hub balance).
contract LendingVault {
    using SafeERC20 for IERC20;

    address public immutable pool;
    IERC20 public immutable asset;

    constructor(IERC20 asset_) {
        pool = msg.sender;
        asset = asset_;
    }

    function pay(address to, uint256 amount) external {
        require(msg.sender == pool, "LendingVault: only the pool");
        asset.safeTransfer(to, amount);
    }
}
