#!/usr/bin/env bash
# Stops what ci/devnet/start.sh started: the price keeper, the web app's server and the node.
# The data stays in $MARS_DEVNET_HOME (default .devnet/): start.sh resumes it, start.sh --reset or
# deleting the folder drops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
stop_devnet
echo "data kept in $DEVNET_HOME"
