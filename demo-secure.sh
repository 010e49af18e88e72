#!/usr/bin/env bash
# The demo, secured: demo.sh with the sample applications' 'secure' profile. The server requires mutual TLS
# (demo-only keys, committed under sample-*-app/src/main/resources/demo-only-tls/) and credentials on every call;
# the client sends basic credentials, and its tour adds a step: a call to writeOff, which needs ROLE_ADMIN, refused
# with PERMISSION_DENIED. Needs only a JDK (17 or later).
#   ./demo-secure.sh     from any directory; also under CI (no stdin needed)
#   DEMO_SKIP_BUILD=1    reuse jars already built
set -euo pipefail
DEMO_PROFILE=secure exec "$(dirname "${BASH_SOURCE[0]}")/demo.sh"
