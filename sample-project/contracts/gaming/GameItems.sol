// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice ERC1155 game items: anyone mints resources (ids 1-99), `craft(recipeId)` burns a recipe's inputs
///         and mints its output (ids 100+). Recipes 1-3 exist from deployment; the owner can add more.
/// @dev Hotspot: `totalCrafted`, a global counter incremented by every `craft`: any two crafts conflict.
/// @dev Remedy: see `GameItemsParallel`: only the per-player `craftedBy` counter is kept; the global total is
///      computed off-chain from the `Crafted` events.
contract GameItems is ERC1155, Ownable {
    struct Recipe {
        uint256[] inputIds;
        uint256[] inputAmounts;
        uint256 outputId;
        uint256 outputAmount;
    }

    uint256 public constant WOOD = 1;
    uint256 public constant IRON = 2;
    uint256 public constant GOLD = 3;
    uint256 public constant FIRST_CRAFTED_ID = 100;
    uint256 public constant SWORD = 100;
    uint256 public constant SHIELD = 101;
    uint256 public constant CROWN = 102;

    /// @notice Number of crafts ever done, by everyone.
    uint256 public totalCrafted;
    /// @notice Number of crafts done by each player.
    mapping(address => uint256) public craftedBy;
    mapping(uint256 => Recipe) private recipes;

    event RecipeSet(uint256 indexed recipeId, uint256 outputId, uint256 outputAmount);
    event Crafted(address indexed player, uint256 indexed recipeId, uint256 outputId, uint256 outputAmount);

    error NotAResource(uint256 id);
    error NotACraftedItem(uint256 id);
    error UnknownRecipe(uint256 recipeId);
    error InvalidRecipe();

    constructor() ERC1155("https://game.example/items/{id}.json") Ownable(msg.sender) {
        _setRecipe(1, _pair(WOOD, 2, IRON, 1), SWORD, 1); // 2 wood + 1 iron -> 1 sword
        _setRecipe(2, _pair(WOOD, 1, IRON, 3), SHIELD, 1); // 1 wood + 3 iron -> 1 shield
        _setRecipe(3, _pair(GOLD, 5, SWORD, 1), CROWN, 1); // 5 gold + 1 sword -> 1 crown
    }

    function recipe(uint256 recipeId) external view returns (Recipe memory) {
        return recipes[recipeId];
    }

    function setRecipe(
        uint256 recipeId,
        uint256[] calldata inputIds,
        uint256[] calldata inputAmounts,
        uint256 outputId,
        uint256 outputAmount
    ) external onlyOwner {
        _setRecipe(recipeId, [inputIds, inputAmounts], outputId, outputAmount);
    }

    /// @notice Mints `amount` of resource `id` (1-99) to `to`; open to anyone.
    function mint(address to, uint256 id, uint256 amount) external {
        if (id == 0 || id >= FIRST_CRAFTED_ID) revert NotAResource(id);
        _mint(to, id, amount, "");
    }

    /// @notice Burns the recipe's inputs from the caller and mints its output to the caller.
    function craft(uint256 recipeId) external returns (uint256 outputId) {
        Recipe storage r = recipes[recipeId];
        if (r.outputAmount == 0) revert UnknownRecipe(recipeId);
        _burnBatch(msg.sender, r.inputIds, r.inputAmounts);
        _mint(msg.sender, r.outputId, r.outputAmount, "");
        craftedBy[msg.sender]++;
        totalCrafted++;
        emit Crafted(msg.sender, recipeId, r.outputId, r.outputAmount);
        return r.outputId;
    }

    function _setRecipe(
        uint256 recipeId,
        uint256[][2] memory inputs,
        uint256 outputId,
        uint256 outputAmount
    ) private {
        if (outputId < FIRST_CRAFTED_ID) revert NotACraftedItem(outputId);
        if (outputAmount == 0 || inputs[0].length == 0 || inputs[0].length != inputs[1].length) {
            revert InvalidRecipe();
        }
        recipes[recipeId] = Recipe(inputs[0], inputs[1], outputId, outputAmount);
        emit RecipeSet(recipeId, outputId, outputAmount);
    }

    function _pair(uint256 idA, uint256 amountA, uint256 idB, uint256 amountB)
        private
        pure
        returns (uint256[][2] memory inputs)
    {
        inputs[0] = new uint256[](2);
        inputs[1] = new uint256[](2);
        (inputs[0][0], inputs[1][0], inputs[0][1], inputs[1][1]) = (idA, amountA, idB, amountB);
    }
}
