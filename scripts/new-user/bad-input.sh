#!/usr/bin/env bash
# Bad input everywhere, in the mocha-ethers scenario project (built by gate-edits.sh's first run): each case
# prints its exit code and output's last lines, and flags a raw stack trace, a "report a bug" or an exit 0.
# Usage: bash scripts/new-user/bad-input.sh [case ...]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$ROOT/node_modules/.bin:$PATH"
unset CI
# Never run the git commands below anywhere else (they reset the folder they run in).
cd "$ROOT/test/fixtures/tmp-nu/mocha-ethers" && [ -d .git ] || { echo "no scenario project: run gate-edits.sh first" >&2; exit 1; }
reset() { git checkout -q -- . && git clean -qfd -e node_modules -e artifacts -e cache; }

run() {
  local name=$1
  shift
  local out rc flags=""
  out=$("$@" 2>&1)
  rc=$?
  grep -qE "^\s+at .*(\.js|\.ts):[0-9]+" <<<"$out" && flags="$flags STACK"
  grep -qiE "report (it|a bug|this).*hardhat|open an issue in the hardhat" <<<"$out" && flags="$flags HARDHAT-BUG-TEXT"
  [ "$rc" = 0 ] && flags="$flags EXIT0"
  echo "=== $name: exit $rc$flags"
  grep -vE "^\s*$|^Warning: 'transfer'|^  -->|^   \||^[0-9]+ \||^\s+\|" <<<"$out" | tail -n "${LINES_SHOWN:-4}" | cut -c1-400
}

config() { # replaces `parallel: {...}` (or adds it) in hardhat.config.ts
  perl -0pi -e "s{\n  networks: \{}{\n  parallel: $1,\n  networks: \{}" hardhat.config.ts
}

case_list=${*:-flags workload-files config baseline output shapes interrupt}
for c in $case_list; do
  reset
  case $c in
  flags)
    run "workers -1" npx hardhat parallel-report --workers -1
    run "workers abc" npx hardhat parallel-report --workers abc
    run "format pdf" npx hardhat parallel-report --format pdf
    run "format empty" npx hardhat parallel-report --format ""
    run "workload missing" npx hardhat parallel-report --workload nope
    run "unknown flag" npx hardhat parallel-report --chek
    run "node port abc" npx hardhat parallel-node --port abc
    run "node port 99999" npx hardhat parallel-node --port 99999
    run "init twice" npx hardhat parallel-init --no-baseline
    ;;
  workload-files)
    mkdir -p parallel/workloads
    echo 'export default { name: "broken", setup( {' >parallel/workloads/broken.ts
    run "syntax error in a workload file" npx hardhat parallel-report --workload broken
    echo 'export const x = 1;' >parallel/workloads/broken.ts
    run "no default export" npx hardhat parallel-report --workload broken
    echo 'export default { name: "broken" };' >parallel/workloads/broken.ts
    run "no setup/next" npx hardhat parallel-report --workload broken
    reset
    perl -pi -e 's/deploy\("Vault"\)/deploy("Vaultt")/' parallel/workloads/vault.ts
    run "missing contract" npx hardhat parallel-report --workload vault-calls
    reset
    perl -pi -e 's/function: "withdraw"/function: "withdrw"/' parallel/workloads/vault.ts
    run "missing function" npx hardhat parallel-report --workload vault-calls
    reset
    perl -pi -e 's/transactions: 300/transactions: -5/' parallel/workloads/vault.ts
    run "negative transactions" npx hardhat parallel-report --workload vault-calls
    reset
    perl -pi -e 's/args: \(api, from\) => \[BigInt\(1 \+ api.randomInt\(1000\)\)\]/args: (api, from) => ["abc"]/' parallel/workloads/vault.ts
    run "bad argument" npx hardhat parallel-report --workload vault-calls
    reset
    perl -pi -e 's/(\s+next\(api, \{ target \}, index\) \{)/$1\n    throw new Error("boom");/' parallel/workloads/vault.ts
    run "next throws" npx hardhat parallel-report --workload vault-calls
    ;;
  config)
    config '{ workers: 0 }'; run "workers 0" npx hardhat parallel-report; reset
    config '{ strategy: "fast" }'; run "strategy fast" npx hardhat parallel-report; reset
    config '{ report: { formats: ["pdf"] } }'; run "formats pdf" npx hardhat parallel-report; reset
    config '{ tolerance: 5 }'; run "tolerance 5" npx hardhat parallel-report; reset
    config '{ workloads: [{ name: "x", template: "nope" }] }'; run "template nope" npx hardhat parallel-report; reset
    config '{ workloads: [{ name: "x", template: "erc20-transfers", options: { token: "Nope" } }] }'; run "template contract missing" npx hardhat parallel-report --workload x; reset
    config '{ workloads: [{ name: "x", template: "call-mix", options: { calls: [{ contract: "Counter", function: "nope" }] } }] }'; run "call-mix function missing" npx hardhat parallel-report --workload x; reset
    config '{ baseline: "" }'; run "baseline empty" npx hardhat parallel-report --check; reset
    config '{ workerz: 2 }'; run "unknown key" npx hardhat parallel-report; reset
    ;;
  baseline)
    rm parallel-baseline.json; run "missing baseline" npx hardhat parallel-report --check; reset
    echo '{' >parallel-baseline.json; run "corrupt baseline" npx hardhat parallel-report --check; reset
    echo '' >parallel-baseline.json; run "empty baseline" npx hardhat parallel-report --check; reset
    echo '[]' >parallel-baseline.json; run "array baseline" npx hardhat parallel-report --check; reset
    perl -0pi -e 's/<<<<<<< HEAD//' parallel-baseline.json
    printf '<<<<<<< HEAD\n' | cat - parallel-baseline.json >/tmp/b.json && mv /tmp/b.json parallel-baseline.json
    run "merge-conflicted baseline" npx hardhat parallel-report --check; reset
    run "check and update" npx hardhat parallel-report --check --update-baseline
    ;;
  output)
    run "out under a file" npx hardhat parallel-report --out package.json/report
    run "out in /proc" npx hardhat parallel-report --out /proc/report
    config '{ baseline: "/proc/parallel-baseline.json" }'; run "baseline unwritable" npx hardhat parallel-report --update-baseline; reset
    ;;
  shapes) # options the new project shapes add (scripts/new-user/shapes.sh)
    mkdir -p contracts/v2 && cp contracts/Vault.sol contracts/v2/Vault.sol
    run "ambiguous contract name in a workload" npx hardhat parallel-report --workload vault-calls
    perl -pi -e 's/deploy\("Vault"\)/deploy("contracts\/v3\/Vault.sol:Vault")/' parallel/workloads/vault.ts
    run "fully qualified name of no contract" npx hardhat parallel-report --workload vault-calls
    reset
    config '{ workloads: [{ name: "x", template: "call-mix", options: { calls: [{ contract: "contracts/Nope.sol:Vault", function: "deposit" }] } }] }'
    run "call-mix unknown fully qualified name" npx hardhat parallel-report --workload x; reset
    run "unknown build profile" npx hardhat --build-profile nope parallel-report
    perl -0pi -e 's/version: "0.8.34",\n      \},\n      production/version: "0.8.99",\n      },\n      production/' hardhat.config.ts
    run "solc version not installed" npx hardhat parallel-report; reset
    printf '@oz/=node_modules/@openzeppelin/nope/\n' >remappings.txt
    perl -pi -e 's/\@openzeppelin\/contracts\//\@oz\//' contracts/MyToken.sol
    run "remapping to a missing folder" npx hardhat parallel-report; reset
    ;;
  interrupt)
    npx hardhat build --quiet >/dev/null 2>&1
    for delay in 2 4 6; do
      cp parallel-baseline.json /tmp/baseline.before
      # Job control on: a background job of a non-interactive shell ignores SIGINT otherwise; with it the job
      # gets its own process group, and SIGINT goes to the whole group, as a terminal's Ctrl-C does.
      set -m
      npx hardhat parallel-report --update-baseline >/tmp/interrupt.txt 2>&1 &
      pid=$!
      set +m
      sleep "$delay"
      kill -INT -- "-$pid" 2>/dev/null
      wait "$pid"
      rc=$?
      intact=yes; node -e 'JSON.parse(require("fs").readFileSync("parallel-baseline.json","utf8"))' 2>/dev/null || intact=NO
      echo "=== Ctrl-C after ${delay}s: exit $rc, baseline parses: $intact"
      tail -n 3 /tmp/interrupt.txt | cut -c1-300
      reset
    done
    ;;
  esac
done
reset
