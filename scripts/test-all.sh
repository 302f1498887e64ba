#!/usr/bin/env bash
# Everything CI checks, in order of cost: static checks, generated artefacts, then the test suites
# against the machine's PostgreSQL (TEST_DATABASE_ADMIN_URL, a superuser; default local trust auth).
set -euo pipefail
export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

step() { printf '\n== %s\n' "$1"; }
step "typecheck";        npm run -s typecheck
step "lint";             npm run -s lint
step "format";           npm run -s format:check
step "build";            npm run -s build
step "migration:check";  DATABASE_ADMIN_URL="$TEST_DATABASE_ADMIN_URL" node dist/apps/api/src/cli/db.js check
step "openapi:check";    node dist/apps/api/src/cli/openapi.js check
step "tests";            NODE_OPTIONS=--experimental-vm-modules npx jest --ci
