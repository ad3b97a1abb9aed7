#!/usr/bin/env bash
# Stops the devnet node started by ci/devnet/start.sh. Its data stays in $MARS_DEVNET_HOME
# (default .devnet/): start.sh resumes it, start.sh --reset or deleting the folder drops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
stop_node
