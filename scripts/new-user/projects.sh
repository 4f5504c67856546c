#!/usr/bin/env bash
# Builds the new-user scenario projects: each `hardhat --init` template (from the installed hardhat's templates/)
# in test/fixtures/tmp-nu/<template>/, with hardhat-parallel installed from the packed tarball.
#
# Offline, the templates' toolbox packages are not installable, so each config lists the toolbox's plugins one by
# one (the same plugins, resolved from the repository's node_modules); solc comes from the npm
# registry into test/fixtures/tmp-nu/node_modules (0.8.34, and 0.8.28 as `solc-0.8.28`). Needs `npm run build` first. Usage:
#   bash scripts/new-user/projects.sh            # all three templates
#   bash scripts/new-user/projects.sh minimal    # one
#   bash scripts/new-user/projects.sh --repack   # only reinstall the freshly packed plugin (after a build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$ROOT/node_modules/.bin:$PATH"
BASE="$ROOT/test/fixtures/tmp-nu"
TEMPLATES="$ROOT/node_modules/hardhat/templates"
mkdir -p "$BASE"

if [ ! -d "$BASE/node_modules/solc" ]; then
  (cd "$BASE" && echo '{ "name": "tmp-nu", "private": true, "type": "module" }' >package.json &&
    npm install --no-audit --no-fund --save-dev --save-exact solc@0.8.34 >/dev/null)
fi
# A second solc build (an npm alias, as the plugin's install hint says): several versions, a version bump.
if [ ! -d "$BASE/node_modules/solc-0.8.28" ]; then
  (cd "$BASE" && npm install --no-audit --no-fund --save-dev --save-exact solc-0.8.28@npm:solc@0.8.28 >/dev/null)
fi
rm -rf "$BASE/pack" && mkdir -p "$BASE/pack"
(cd "$ROOT" && npm pack --ignore-scripts --pack-destination "$BASE/pack" >/dev/null 2>&1)
rm -rf "$BASE/node_modules/hardhat-parallel" && mkdir -p "$BASE/node_modules/hardhat-parallel"
tar -xzf "$BASE"/pack/*.tgz -C "$BASE/node_modules/hardhat-parallel" --strip-components=1
[ "${1:-}" = "--repack" ] && exit 0

mocha_plugins='import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatIgnitionEthers from "@nomicfoundation/hardhat-ignition-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatParallel from "hardhat-parallel";'
viem_plugins='import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatParallel from "hardhat-parallel";'

make_project() {
  local name=$1 src=$2
  local dir="$BASE/$name"
  rm -rf "$dir" && cp -r "$TEMPLATES/$src" "$dir"
  [ -f "$dir/gitignore" ] && mv "$dir/gitignore" "$dir/.gitignore"
  # forge-std (a git dependency of the templates) is not installable offline: the Solidity test gets the one
  # cheatcode it uses declared inline instead, at forge-std's address.
  if [ -f "$dir/contracts/Counter.t.sol" ]; then
    node -e '
      const fs = require("fs"); const f = process.argv[1];
      let s = fs.readFileSync(f, "utf8");
      s = s.replace(/import \{Test\} from "forge-std\/Test.sol";\n/, "interface Vm {\n  function expectRevert() external;\n}\n\nabstract contract Test {\n  Vm internal constant vm = Vm(address(uint160(uint256(keccak256(\"hevm cheat code\")))));\n}\n");
      fs.writeFileSync(f, s);' "$dir/contracts/Counter.t.sol"
  fi
  node -e '
    const fs = require("fs"); const p = process.argv[1] + "/package.json";
    const j = JSON.parse(fs.readFileSync(p, "utf8"));
    fs.writeFileSync(p, JSON.stringify({ name: j.name, private: true, type: "module",
      devDependencies: { "hardhat-parallel": "file:../pack/hardhat-parallel-0.1.0.tgz", solc: "0.8.34" } }, null, 2));
  ' "$dir"
  local config="$dir/hardhat.config.ts"
  case $name in
  mocha-ethers)
    node -e '
      const fs = require("fs"); const [f, imports] = process.argv.slice(1);
      let s = fs.readFileSync(f, "utf8");
      s = s.replace(/import hardhatToolboxMochaEthersPlugin from .*\n/, imports + "\n");
      s = s.replace("plugins: [hardhatToolboxMochaEthersPlugin]", "plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatIgnitionEthers, hardhatMocha, hardhatNetworkHelpers, hardhatParallel]");
      fs.writeFileSync(f, s);' "$config" "$mocha_plugins" ;;
  node-test-viem)
    node -e '
      const fs = require("fs"); const [f, imports] = process.argv.slice(1);
      let s = fs.readFileSync(f, "utf8");
      s = s.replace(/import hardhatToolboxViemPlugin from .*\n/, imports + "\n");
      s = s.replace("plugins: [hardhatToolboxViemPlugin]", "plugins: [hardhatViem, hardhatViemAssertions, hardhatNodeTestRunner, hardhatNetworkHelpers, hardhatParallel]");
      fs.writeFileSync(f, s);' "$config" "$viem_plugins" ;;
  minimal)
    node -e '
      const fs = require("fs"); const f = process.argv[1];
      let s = fs.readFileSync(f, "utf8");
      s = "import hardhatParallel from \"hardhat-parallel\";\n" + s.replace("export default defineConfig({", "export default defineConfig({\n  plugins: [hardhatParallel],");
      fs.writeFileSync(f, s);' "$config"
    mkdir -p "$dir/contracts" ;;
  esac
  echo "$dir"
}

for t in ${1:-mocha-ethers node-test-viem minimal}; do
  case $t in
  mocha-ethers) make_project mocha-ethers 02-mocha-ethers ;;
  node-test-viem) make_project node-test-viem 01-node-test-runner-viem ;;
  minimal) make_project minimal 03-minimal ;;
  esac
done
