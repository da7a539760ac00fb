#!/usr/bin/env bash
# The project's commands, each bootstrapping what it needs on a fresh machine:
#   ./scripts/run.sh start   the portal in local mode (http://localhost:3000)
#   ./scripts/run.sh test    every test: unit, integration, CDK, browser
#   ./scripts/run.sh bench   the launch-path benchmark (add --json for JSON)
#   ./scripts/run.sh synth   synthesize the CDK app into infra/cdk.out
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

command="${1:-}"
shift || true
case "$command" in
  start)
    ensure_java
    install_dependencies
    exec yarn start "$@"
    ;;
  test)
    ensure_java
    ensure_chromium
    ensure_redis
    ensure_postgres
    install_dependencies
    exec yarn test:all "$@"
    ;;
  bench)
    ensure_java
    install_dependencies
    exec yarn bench "$@"
    ;;
  synth)
    install_dependencies
    exec yarn synth "$@"
    ;;
  *)
    echo "usage: ./scripts/run.sh start|test|bench|synth" >&2
    exit 2
    ;;
esac
