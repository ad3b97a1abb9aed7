#!/usr/bin/env bash
# The web app's browser test: starts a new devnet in a temporary folder on its own ports (so a
# devnet started by start.sh, or e2e.sh's, keeps running), deploys the protocol, builds and serves
# web/, and runs web/test/browser.test.ts in headless Chromium (Debian's, installed here when
# missing) with a Keplr stand-in. Screenshots go to $MARS_WEB_SCREENSHOTS (default web/screenshots).
#
#   bash ci/devnet/web-e2e.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export MARS_WEB_PORT=${MARS_WEB_E2E_PORT:-5273}
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
use_test_devnet WEB_E2E web 26857 26856 1517 9290

step "Chromium"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null
prepare_test_tools
step "the web app's npm packages"
ensure_web_deps
step "building the web app"
build_web
init_chain
start_node
step "deploying the protocol"
deploy_protocol >/dev/null
step "serving the web app"
start_web
step "browser test (web/test/browser.test.ts)"
(cd web && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_WEB_URL="$WEB_URL" npm run --silent test:browser)
