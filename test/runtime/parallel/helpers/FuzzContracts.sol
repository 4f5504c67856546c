// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Token {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function mint(address to, uint256 v) external {
        balanceOf[to] += v;
        totalSupply += v;
    }
    function transfer(address to, uint256 v) external returns (bool) {
        require(balanceOf[msg.sender] >= v, "balance");
        balanceOf[msg.sender] -= v;
        balanceOf[to] += v;
        emit Transfer(msg.sender, to, v);
        return true;
    }
    function approve(address spender, uint256 v) external returns (bool) {
        allowance[msg.sender][spender] = v;
        emit Approval(msg.sender, spender, v);
        return true;
    }
    function transferFrom(address from, address to, uint256 v) external returns (bool) {
        require(allowance[from][msg.sender] >= v, "allowance");
        allowance[from][msg.sender] -= v;
        require(balanceOf[from] >= v, "balance");
        balanceOf[from] -= v;
        balanceOf[to] += v;
        emit Transfer(from, to, v);
        return true;
    }
}

contract Pool {
    uint256 public r0 = 1e24;
    uint256 public r1 = 1e24;
    event Swap(address indexed who, uint256 amountIn, uint256 amountOut);

    function swap(uint256 amountIn, bool zeroForOne) external returns (uint256 out) {
        if (zeroForOne) {
            out = (r1 * amountIn) / (r0 + amountIn);
            r0 += amountIn;
            r1 -= out;
        } else {
            out = (r0 * amountIn) / (r1 + amountIn);
            r1 += amountIn;
            r0 -= out;
        }
        emit Swap(msg.sender, amountIn, out);
    }
}

contract Nft {
    uint256 public next;
    mapping(uint256 => address) public ownerOf;
    event Minted(address indexed to, uint256 id);

    function mint() external returns (uint256 id) {
        id = next++;
        ownerOf[id] = msg.sender;
        emit Minted(msg.sender, id);
    }
}

contract Game {
    mapping(address => uint256) public pos;
    uint256 public moves;

    function move(uint256 steps, bool global) external {
        pos[msg.sender] += steps;
        if (global) moves++;
    }
}

contract Child {
    uint256 public x;

    constructor(bool die) payable {
        x = 1;
        if (die) selfdestruct(payable(msg.sender));
    }
    function kill() external {
        selfdestruct(payable(msg.sender));
    }
}

contract Factory {
    uint256 public made;

    function create(bool die) external payable returns (address a) {
        a = address(new Child{value: msg.value}(die));
        made++;
    }
    function create2(bytes32 salt, bool die) external payable returns (address a) {
        a = address(new Child{salt: salt, value: msg.value}(die));
        made++;
    }
    function createAndKill(bytes32 salt) external {
        Child c = new Child{salt: salt}(false);
        c.kill();
    }
}

contract Misc {
    uint256 public seen;

    function fail(uint256 v) external {
        require(v == 0, "nope");
        seen = v;
    }
    function burn(uint256 n) external {
        uint256 s;
        for (uint256 i; i < n; i++) s += uint256(keccak256(abi.encode(i, s)));
        seen = s;
    }
    function readCoinbase() external {
        seen = block.coinbase.balance;
    }
    function payCoinbase() external payable {
        payable(block.coinbase).transfer(msg.value);
    }
    function nested(address token, address to, uint256 v, address game) external payable {
        Game(game).move(1, false);
        (bool ok, ) = token.call(abi.encodeWithSignature("transfer(address,uint256)", to, v));
        seen += ok ? 1 : 2;
        if (msg.value > 0) payable(to).transfer(msg.value);
    }
}

/// Payable deposits into one shared contract, views and balance observers: whether a credit into a contract
/// whose balance nothing reads stays a commutative delta, and every way of reading that balance is recorded.
contract Vault {
    mapping(address => uint256) public deposits;
    uint256 public seen;
    uint256 public pokes;

    function deposit() external payable {
        deposits[msg.sender] += msg.value;
    }
    function poke() external {
        pokes++;
    }
    function total(address who) external view returns (uint256) {
        return deposits[who];
    }
    function selfBalance() external payable {
        seen = address(this).balance;
    }
    function balanceOfAccount(address a) external {
        seen = a.balance;
    }
    function withdraw(uint256 v) external payable {
        deposits[msg.sender] -= v < deposits[msg.sender] ? v : deposits[msg.sender];
        payable(msg.sender).transfer(v);
    }
    function forward(address payable other) external payable {
        Vault(other).deposit{value: msg.value}();
        seen = Vault(other).total(address(this));
    }
    function payTo(address payable to) external payable {
        to.transfer(msg.value);
    }
    function make(uint256 extra) external payable returns (address a) {
        a = address(new Child{value: msg.value + extra}(false));
    }
    function touch(address a) external {
        (bool ok, ) = a.call("");
        seen = ok ? 1 : 2;
    }
    function ifRich(uint256 limit) external payable {
        if (address(this).balance > limit) pokes++;
    }
    function depositThenFail() external payable {
        deposits[msg.sender] += msg.value;
        revert("no");
    }
    function tryForward(address payable other) external payable {
        (bool ok, ) = other.call{value: msg.value}(abi.encodeCall(this.depositThenFail, ()));
        (ok, ) = other.call{value: msg.value / 2}("");
        seen = other.balance + (ok ? 1 : 0);
    }
    function kill(address payable to) external {
        selfdestruct(to);
    }
    receive() external payable {}
}
