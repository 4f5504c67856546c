#!/usr/bin/env bash
# Project shapes a new user brings, each in test/fixtures/tmp-nu/shape-<name>/ (the mocha-ethers scenario project
# with this folder's contracts, reshaped): `parallel-init`, `parallel-report --update-baseline`, then
# `parallel-report --check` on the unchanged project, then the shape's own follow-up edits, each followed by
# `--check`. Prints one line per step: ok or WRONG, the exit code and the wanted one; outputs in $LOG/<shape>-*.txt.
# Needs the mocha-ethers project (bash scripts/new-user/projects.sh mocha-ethers).
# Usage: bash scripts/new-user/shapes.sh [shape ...]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$ROOT/node_modules/.bin:$PATH"
unset CI
BASE="$ROOT/test/fixtures/tmp-nu"
HERE="$ROOT/scripts/new-user"
LOG=${LOG:-/tmp/new-user-shapes}
mkdir -p "$LOG"
[ -d "$BASE/mocha-ethers" ] || bash "$HERE/projects.sh" mocha-ethers >/dev/null
if [ ! -d "$BASE/node_modules/solc-0.8.28" ]; then # as projects.sh does (an older tmp-nu may lack it)
  (cd "$BASE" && npm install --no-audit --no-fund --save-dev --save-exact solc-0.8.28@npm:solc@0.8.28 >/dev/null)
  bash "$HERE/projects.sh" --repack # npm removed the unpacked plugin
fi

p() { perl -0pi -e "$1" "$2"; }
solidity() { # replaces the config's `solidity` section
  SOLIDITY="$1" perl -0pi -e 's/  solidity: \{.*?\n  \},\n  networks/  solidity: $ENV{SOLIDITY},\n  networks/s' hardhat.config.ts
}

fresh() {
  local dir="$BASE/shape-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$BASE/mocha-ethers" && tar --exclude=./.git --exclude=./artifacts --exclude=./cache --exclude=./parallel \
    --exclude=./parallel-baseline.json --exclude=./parallel-report -cf - .) | (cd "$dir" && tar -xf -)
  cp "$HERE"/*.sol "$dir/contracts/"
  cd "$dir"
}

step() { # step <shape> <label> <want> <command...>
  local shape=$1 label=$2 want=$3
  shift 3
  "$@" >"$LOG/$shape-$label.txt" 2>&1
  local rc=$? verdict=ok
  [ "$rc" = "$want" ] || verdict=WRONG
  grep -qE "^\s+at .*(\.js|\.ts):[0-9]+" "$LOG/$shape-$label.txt" && verdict="$verdict STACK"
  # Every shape but no-contracts has contracts: a report that sees none has switched the gate off.
  [ "$shape" != no-contracts ] && grep -qE "^  Contracts +0$" "$LOG/$shape-$label.txt" && verdict="WRONG NO-CONTRACTS"
  echo "$verdict $shape/$label: exit $rc (want $want)"
}

baseline() { # parallel-init, the baseline, and an unchanged --check
  step "$1" init 0 npx hardhat parallel-init --force
  step "$1" baseline 0 npx hardhat ${GLOBAL:-} parallel-report --update-baseline --quiet
  step "$1" check-unchanged 0 npx hardhat ${GLOBAL:-} parallel-report --check --quiet
}

shape() {
  local s=$1
  fresh "$s"
  case $s in
  via-ir)
    solidity '{ version: "0.8.34", settings: { viaIR: true, optimizer: { enabled: true, runs: 200 } } }'
    baseline "$s"
    p 's/viaIR: true/viaIR: false/' hardhat.config.ts
    step "$s" viaIR-off 0 npx hardhat parallel-report --check --quiet ;;
  optimizer)
    baseline "$s"
    solidity '{ version: "0.8.34", settings: { optimizer: { enabled: true, runs: 1 } } }'
    step "$s" optimizer-on-runs-1 0 npx hardhat parallel-report --check --quiet
    p 's/runs: 1 \}/runs: 1000000 }/' hardhat.config.ts
    step "$s" optimizer-runs-1000000 0 npx hardhat parallel-report --check --quiet ;;
  several-solc)
    solidity '{ compilers: [{ version: "0.8.34" }, { version: "0.8.28" }], overrides: { "contracts/Vault.sol": { version: "0.8.28" } } }'
    baseline "$s"
    p 's/"contracts\/Vault.sol": \{ version: "0.8.28" \}/"contracts\/Vault.sol": { version: "0.8.34" }, "contracts\/Config.sol": { version: "0.8.28" }/' hardhat.config.ts
    step "$s" override-moved 0 npx hardhat parallel-report --check --quiet ;;
  solc-bump) # a project on 0.8.28 bumped to 0.8.34: the cache and artifacts are the old compiler's
    p 's/\^0.8.34/^0.8.28/' contracts/Counter.sol && p 's/\^0.8.34/^0.8.28/' contracts/Counter.t.sol
    p 's/version: "0.8.34"/version: "0.8.28"/g' hardhat.config.ts
    baseline "$s"
    p 's/version: "0.8.28"/version: "0.8.34"/g' hardhat.config.ts
    step "$s" bumped-to-0.8.34 0 npx hardhat parallel-report --check --quiet ;;
  build-profile)
    GLOBAL="--build-profile production" baseline "$s"
    step "$s" check-default-profile 0 npx hardhat parallel-report --check --quiet ;;
  custom-paths)
    mv contracts src && mv test spec
    p 's/(  solidity: \{)/  paths: { sources: ".\/src", tests: { mocha: ".\/spec", solidity: ".\/src" } },\n$1/' hardhat.config.ts
    baseline "$s" ;;
  same-name)
    mkdir -p contracts/v1 contracts/v2 && cp contracts/Vault.sol contracts/v1/Vault.sol && mv contracts/Vault.sol contracts/v2/Vault.sol
    p 's/(        totalAssets \+= msg.value;\n)/$1        deposits += 1;\n/; s/(    uint256 public totalAssets;\n)/$1    uint256 public deposits;\n/' contracts/v1/Vault.sol
    baseline "$s"
    ls parallel/workloads/*vault*.ts | sed 's/^/  workload file: /'
    p 's/deploy\("contracts\/v1\/Vault.sol:Vault"/deploy("Vault"/' parallel/workloads/v1-vault.ts
    step "$s" MUST-FAIL-ambiguous-workload 1 npx hardhat parallel-report --check --quiet
    grep -q 'contracts/v1/Vault.sol:Vault, contracts/v2/Vault.sol:Vault' "$LOG/$s-MUST-FAIL-ambiguous-workload.txt" ||
      echo "WRONG same-name/ambiguous-workload: the error does not list both fully qualified names" ;;
  remappings)
    printf '@oz/=node_modules/@openzeppelin/contracts/\n' >remappings.txt
    p 's/\@openzeppelin\/contracts\//\@oz\//g' contracts/MyToken.sol
    p 's/\@openzeppelin\/contracts\//\@oz\//g' contracts/MyNft.sol
    baseline "$s" ;;
  libraries)
    cat >contracts/Libs.sol <<'EOF'
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

library Fixed {
    function mulBps(uint256 v, uint256 bps) internal pure returns (uint256) {
        return v * bps / 10_000;
    }
}

library Ledger {
    function add(mapping(address => uint256) storage m, address who, uint256 v) public {
        m[who] += v;
    }
}

library Stats {
    struct Counter { uint256 n; }
    function bump(Counter storage c) external {
        c.n += 1;
    }
}

contract Pool {
    using Ledger for mapping(address => uint256);
    mapping(address => uint256) public balances;
    Stats.Counter public ops;

    function put(uint256 v) external {
        balances.add(msg.sender, Fixed.mulBps(v, 9_990));
    }

    function putCounted(uint256 v) external {
        balances.add(msg.sender, v);
        Stats.bump(ops);
    }
}
EOF
    baseline "$s" ;;
  abstract-only)
    cat >contracts/Bases.sol <<'EOF'
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IVault {
    function deposit() external payable;
}

abstract contract Base {
    uint256 public total;
    function bump() internal virtual;
}
EOF
    baseline "$s" ;;
  no-contracts)
    rm -f contracts/*.sol
    step "$s" init 0 npx hardhat parallel-init --force
    step "$s" baseline 0 npx hardhat parallel-report --update-baseline --quiet
    step "$s" check-unchanged 0 npx hardhat parallel-report --check --quiet ;;
  forty-contracts)
    for i in $(seq 1 42); do
      sed "s/contract Vault /contract Vault$i /" "$HERE/Vault.sol" >"contracts/Vault$i.sol"
    done
    step "$s" init 0 npx hardhat parallel-init --force
    local t0=$SECONDS
    step "$s" baseline 0 npx hardhat parallel-report --update-baseline --quiet
    echo "  forty-contracts baseline took $((SECONDS - t0)) s; $(ls parallel/workloads | wc -l) workloads"
    step "$s" check-unchanged 0 npx hardhat parallel-report --check --quiet ;;
  *) echo "unknown shape $s" >&2 ;;
  esac
}

for s in ${*:-via-ir optimizer several-solc solc-bump build-profile custom-paths same-name remappings libraries abstract-only no-contracts forty-contracts}; do
  (shape "$s")
done
