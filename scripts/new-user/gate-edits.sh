#!/usr/bin/env bash
# Applies a user's everyday edits one at a time to the mocha-ethers scenario project and runs
# `parallel-report --check --quiet` after each; prints one line per edit: expected and actual exit code.
# The first run builds the project (scripts/new-user/projects.sh), adds the contracts of this folder (an OZ
# ERC20, an NFT with a mint counter, an ETH vault, an owner-gated config), runs `parallel-init` and commits
# it all as the project's first git commit; every edit starts from that commit.
# Stale builds: an edit after the last compile, no artifacts/ (a cache from another solc: shapes.sh solc-bump) — `parallel-report`
# compiles first, so none may fail; with `--no-compile` a stale build must stop with the file named (exit 1).
# Usage: [STATIC=1] bash scripts/new-user/gate-edits.sh [edit-name ...]   (STATIC=1: `--check --static`)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$ROOT/node_modules/.bin:$PATH"
unset CI
PROJECT="$ROOT/test/fixtures/tmp-nu/mocha-ethers"
if [ ! -d "$PROJECT/.git" ]; then
  bash "$ROOT/scripts/new-user/projects.sh" mocha-ethers >/dev/null
  cp "$ROOT"/scripts/new-user/*.sol "$PROJECT/contracts/"
  (cd "$PROJECT" && npx hardhat parallel-init --force >/dev/null 2>&1 && git init -q . && git add -A &&
    git -c user.email=user@example.com -c user.name=user commit -qm "the project with parallel-init's files")
fi
# The edits reset the folder they run in with git: never anywhere but the scenario project.
cd "$PROJECT" && [ -d .git ] || { echo "the scenario project was not built (see the lines above)" >&2; exit 1; }
LOG=${LOG:-/tmp/gate-edits}
mkdir -p "$LOG"

p() { perl -0pi -e "$1" "$2"; }

edit() {
  case $1 in
  rename-variable) p 's/totalAssets/totalDeposits/g' contracts/Vault.sol ;;
  rename-function) p 's/function record\(/function submit(/' contracts/Config.sol
    p 's/function: "record"/function: "submit"/' parallel/workloads/config.ts ;;
  rename-contract) p 's/contract Vault /contract EthVault /' contracts/Vault.sol
    p 's/deploy\("Vault"\)/deploy("EthVault")/' parallel/workloads/vault.ts ;;
  reorder-functions) p 's/(    function deposit\(\).*?\n    }\n)\n(    function withdraw.*?\n    }\n)/$2\n$1/s' contracts/Vault.sol ;;
  reorder-declarations) p 's/(    mapping\(address => uint256\) public shares;\n)(.*)\n}\n$/$2\n\n$1}\n/s' contracts/Vault.sol
    p 's/(    uint256 public totalAssets;\n)/    uint256 public constant MAX_DEPOSIT = 1e30;\n$1/' contracts/Vault.sol ;;
  internal-function) p 's/    function deposit\(\) external payable \{\n(.*?)    }\n/    function deposit() external payable {\n        _credit(msg.sender, msg.value);\n    }\n\n    function _credit(address who, uint256 value) internal {\n        shares[who] += value;\n        totalAssets += value;\n    }\n/s' contracts/Vault.sol ;;
  library) p 's/contract Vault \{/library Shares {\n    function credit(mapping(address => uint256) storage m, address who, uint256 value) internal {\n        m[who] += value;\n    }\n}\n\ncontract Vault {\n    using Shares for mapping(address => uint256);/; s/shares\[msg.sender\] \+= msg.value;/shares.credit(msg.sender, msg.value);/' contracts/Vault.sol ;;
  external-library) p 's/contract Vault \{/library Fees {\n    function net(uint256 value, uint256 bps) public pure returns (uint256) {\n        return value * (10_000 - bps) \/ 10_000;\n    }\n}\n\ncontract Vault {/' contracts/Vault.sol
    p 's/score \* \(10_000 - feeBps\) \/ 10_000/_net(score)/; s/(    function setFee)/    function _net(uint256 v) internal view returns (uint256) {\n        return v * (10_000 - feeBps) \/ 10_000;\n    }\n\n$1/' contracts/Config.sol ;;
  public-library) p 's/contract Vault \{/library Shares {\n    function credit(mapping(address => uint256) storage m, address who, uint256 value) public {\n        m[who] += value;\n    }\n}\n\ncontract Vault {\n    using Shares for mapping(address => uint256);/; s/shares\[msg.sender\] \+= msg.value;/shares.credit(msg.sender, msg.value);/' contracts/Vault.sol ;;
  new-base) p 's/pragma solidity \^0.8.24;\n/pragma solidity ^0.8.24;\n\nimport {Context} from "\@openzeppelin\/contracts\/utils\/Context.sol";\n/; s/contract Config \{/contract Config is Context {/; s/scores\[msg.sender\]/scores[_msgSender()]/' contracts/Config.sol ;;
  optimizer-runs) p 's/runs: 200/runs: 10000/; s/default: \{\n        version: "0.8.34",\n      \}/default: {\n        version: "0.8.34",\n        settings: { optimizer: { enabled: true, runs: 1000 } },\n      }/' hardhat.config.ts ;;
  view-function) p 's/(    function withdraw)/    function sharesOf(address who) external view returns (uint256) {\n        return shares[who];\n    }\n\n$1/' contracts/Vault.sol ;;
  events) p 's/(contract Vault \{\n)/$1    event Deposited(address indexed who, uint256 value);\n\n/; s/(        totalAssets \+= msg.value;\n)/$1        emit Deposited(msg.sender, msg.value);\n/' contracts/Vault.sol ;;
  call-instead-of-transfer) p 's/payable\(msg.sender\).transfer\(amount\);/(bool ok, ) = payable(msg.sender).call{value: amount}("");\n        require(ok, "transfer failed");/' contracts/Vault.sol ;;
  MUST-FAIL-shared-counter) p 's/(    mapping\(address => uint256\) public scores;\n)/$1    uint256 public records;\n/; s/(        scores\[msg.sender\] = )/        records += 1;\n$1/' contracts/Config.sol ;;
  MUST-FAIL-rename-workload-shared-counter) p 's/name: "config-calls"/name: "config-records"/' parallel/workloads/config.ts
    edit MUST-FAIL-shared-counter ;;
  MUST-FAIL-constant-key) p 's/scores\[msg.sender\] =/scores[address(0)] =/' contracts/Config.sol ;;
  oz-reentrancy-guard) p 's/pragma solidity \^0.8.24;\n/pragma solidity ^0.8.24;\n\nimport {ReentrancyGuard} from "\@openzeppelin\/contracts\/utils\/ReentrancyGuard.sol";\n/; s/contract Vault \{/contract Vault is ReentrancyGuard {/; s/external payable \{/external payable nonReentrant {/; s/withdraw\(uint256 amount\) external \{/withdraw(uint256 amount) external nonReentrant {/' contracts/Vault.sol ;;
  oz-pausable) p 's/pragma solidity \^0.8.24;\n/pragma solidity ^0.8.24;\n\nimport {Pausable} from "\@openzeppelin\/contracts\/utils\/Pausable.sol";\n/; s/contract Config \{/contract Config is Pausable {/; s/function record\(uint256 score\) external \{/function record(uint256 score) external whenNotPaused {/; s/(    function setFee)/    function pause() external {\n        require(msg.sender == owner, "not owner");\n        _pause();\n    }\n\n$1/' contracts/Config.sol ;;
  oz-ownable2step) p 's/pragma solidity \^0.8.24;\n/pragma solidity ^0.8.24;\n\nimport {Ownable, Ownable2Step} from "\@openzeppelin\/contracts\/access\/Ownable2Step.sol";\n/; s/contract Config \{\n    address public owner;\n/contract Config is Ownable2Step {\n/; s/    constructor\(\) \{\n        owner = msg.sender;\n    \}/    constructor() Ownable(msg.sender) {}/; s/        require\(msg.sender == owner, "not owner"\);\n//; s/function setFee\(uint256 bps\) external \{/function setFee(uint256 bps) external onlyOwner {/' contracts/Config.sol ;;
  via-ir) p 's/default: \{\n        version: "0.8.34",\n      \}/default: {\n        version: "0.8.34",\n        settings: { viaIR: true },\n      }/' hardhat.config.ts ;;
  split-contract) p 's/contract Vault \{\n(.*?)\n    function withdraw/abstract contract VaultBase {\n$1}\n\ncontract Vault is VaultBase {\n    function withdraw/s' contracts/Vault.sol ;;
  move-to-library) p 's/contract Config \{/library Scoring {\n    function net(uint256 score, uint256 feeBps) internal pure returns (uint256) {\n        return score * (10_000 - feeBps) \/ 10_000;\n    }\n}\n\ncontract Config {/; s/score \* \(10_000 - feeBps\) \/ 10_000/Scoring.net(score, feeBps)/' contracts/Config.sol ;;
  comments-natspec) p 's/(contract Vault \{\n)/\/\/\/ \@title An ETH vault\n\/\/\/ \@notice Holds ETH per depositor.\n$1    \/\/\/ \@notice All ETH held.\n/; s/(    function withdraw)/    \/\/\/ \@notice Sends `amount` back.\n    \/\/\/ \@param amount Wei to withdraw.\n$1/; s/(        shares\[msg.sender\] \+= msg.value;)/        \/\/ credit the sender first\n$1/' contracts/Vault.sol ;;
  delete-test) rm -f test/Counter.ts ;;
  delete-workload) rm parallel/workloads/counter.ts ;;
  rename-workload) p 's/name: "vault-calls"/name: "vault-deposits"/' parallel/workloads/vault.ts ;;
  add-workload) sed 's/name: "vault-calls"/name: "vault-calls-busy"/; s/seed: 1 }/seed: 7 }/' parallel/workloads/vault.ts >parallel/workloads/vault-busy.ts ;;
  stale-edit) npx hardhat compile --quiet >/dev/null 2>&1; p 's/totalAssets/totalHeld/g' contracts/Vault.sol ;;
  delete-artifacts) npx hardhat compile --quiet >/dev/null 2>&1; rm -rf artifacts ;;
  MUST-FAIL-no-compile-stale) npx hardhat compile --quiet >/dev/null 2>&1; p 's/totalAssets/totalHeld/g' contracts/Vault.sol
    NO_COMPILE=1 ;;
  MUST-FAIL-mapping-to-slot) p 's/mapping\(address => uint256\) public scores;/uint256 public lastScore;/; s/scores\[msg.sender\] =/lastScore =/' contracts/Config.sol ;;
  move-file) mkdir -p contracts/vault && mv contracts/Vault.sol contracts/vault/Vault.sol ;;
  rename-file) mv contracts/Config.sol contracts/Settings.sol ;;
  custom-errors) p 's/(contract Config \{\n)/$1    error NotOwner();\n\n/; s/require\(msg.sender == owner, "not owner"\);/if (msg.sender != owner) revert NotOwner();/' contracts/Config.sol ;;
  immutable-owner) p 's/address public owner;/address public immutable owner;/' contracts/Config.sol ;;
  unchecked-math) p 's/(        totalAssets \+= msg.value;)/        unchecked {\n    $1\n        }/' contracts/Vault.sol ;;
  workload-size) p 's/transactions: 300/transactions: 600/' parallel/workloads/vault.ts ;;
  workload-seed) p 's/seed: 1 \}/seed: 42 }/' parallel/workloads/vault.ts ;;
  workload-block-size) p 's/blockSize: 100/blockSize: 50/' parallel/workloads/vault.ts ;;
  new-contract) printf '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n\ncontract Registry {\n    mapping(address => bool) public registered;\n\n    function register() external {\n        registered[msg.sender] = true;\n    }\n}\n' >contracts/Registry.sol ;;
  new-contract-counter) printf '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n\ncontract Tally {\n    uint256 public count;\n\n    function bump() external {\n        count += 1;\n    }\n}\n' >contracts/Tally.sol ;;
  add-parameter) p 's/function record\(uint256 score\) external \{/function record(uint256 score, bytes32 tag) external {\n        emit Recorded(msg.sender, tag);/; s/(contract Config \{\n)/$1    event Recorded(address indexed who, bytes32 tag);\n\n/' contracts/Config.sol
    p 's/(function: "record", args: \(api, from\) => \[BigInt\(1 \+ api.randomInt\(1000\)\))\]/$1, "0x" + "ab".repeat(32)]/' parallel/workloads/config.ts ;;
  external-to-public) p 's/function deposit\(\) external payable/function deposit() public payable/; s/function withdraw\(uint256 amount\) external/function withdraw(uint256 amount) public/' contracts/Vault.sol ;;
  safe-mint) p 's/_mint\(to, id\);/_safeMint(to, id);/' contracts/MyNft.sol ;;
  ownable-owner) p 's/pragma solidity \^0.8.24;\n/pragma solidity ^0.8.24;\n\nimport {Ownable} from "\@openzeppelin\/contracts\/access\/Ownable.sol";\n/; s/contract Config \{\n    address public owner;\n/contract Config is Ownable {\n/; s/    constructor\(\) \{\n        owner = msg.sender;\n    \}/    constructor() Ownable(msg.sender) {}/; s/        require\(msg.sender == owner, "not owner"\);\n//; s/function setFee\(uint256 bps\) external \{/function setFee(uint256 bps) external onlyOwner {/' contracts/Config.sol ;;
  *) echo "unknown edit $1" >&2; return 1 ;;
  esac
}

EDITS=${*:-rename-variable rename-function rename-contract reorder-functions reorder-declarations internal-function library public-library external-library new-base optimizer-runs view-function events call-instead-of-transfer oz-reentrancy-guard oz-pausable oz-ownable2step via-ir split-contract move-to-library comments-natspec delete-test add-workload delete-workload rename-workload stale-edit delete-artifacts move-file rename-file custom-errors immutable-owner unchecked-math workload-size workload-seed workload-block-size new-contract new-contract-counter add-parameter external-to-public safe-mint ownable-owner MUST-FAIL-shared-counter MUST-FAIL-rename-workload-shared-counter MUST-FAIL-constant-key MUST-FAIL-mapping-to-slot MUST-FAIL-no-compile-stale}
for e in $EDITS; do
  git checkout -q -- . && git clean -qfd -e node_modules -e artifacts -e cache
  NO_COMPILE=
  edit "$e" || continue
  npx hardhat parallel-report --check --quiet ${STATIC:+--static} ${NO_COMPILE:+--no-compile} >"$LOG/$e.txt" 2>&1
  rc=$?
  want=0; case $e in MUST-FAIL*) want=1 ;; esac
  verdict=ok; [ "$rc" = "$want" ] || verdict=WRONG
  echo "$verdict $e: exit $rc (want $want)"
done
git checkout -q -- . && git clean -qfd -e node_modules
