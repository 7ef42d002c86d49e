#!/usr/bin/env bash
# The test command: ESLint over the code (zero warnings) and Prettier's format check, unit and route tests (node's test runner, each file on its own fresh database),
# then the browser journeys. TEST_DATABASE_URL=postgres://… runs the database tests on PostgreSQL
# instead of embedded PGlite.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"
shopt -s globstar nullglob

status=0
if [[ "$mode" == "all" || "$mode" == "lint" ]]; then
  echo "== lint (ESLint, zero warnings; Prettier's format) =="
  npx eslint --max-warnings 0 src bench e2e scripts eslint.config.js || status=$?
  npm run -s format:check > /dev/null || { echo "Files not in Prettier's format (npm run format writes them):" >&2; npm run -s format:check >&2 || true; status=1; }
fi

if [[ "$mode" == "all" || "$mode" == "unit" ]]; then
  files=(src/**/*.test.ts bench/**/*.test.ts)
  if [[ -n "${TEST_DATABASE_URL:-}" ]]; then db="PostgreSQL"; else db="PGlite"; fi
  echo "== unit and route tests (${#files[@]} files, database: $db) =="
  node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}" || status=$?
fi

if [[ "$mode" == "all" || "$mode" == "e2e" ]]; then
  e2e=(e2e/**/*.e2e.ts)
  if (( ${#e2e[@]} )); then
    chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
    if [[ -x "$chromium" ]]; then
      echo "== browser journeys (${#e2e[@]} files) =="
      npm run build:web --silent
      node --import tsx --test --test-concurrency=1 --test-reporter=spec "${e2e[@]}" || status=$?
    elif [[ "${SKIP_BROWSER_TESTS:-}" == "1" && "${CI:-}" != "true" ]]; then
      # Only by asking for it, and never in CI: a missing browser is otherwise a failure.
      echo "!! browser journeys skipped (SKIP_BROWSER_TESTS=1): chromium not found at $chromium" >&2
    else
      echo "chromium not found at $chromium: the browser journeys cannot run and the tests fail." >&2
      echo "Install it (apt-get install chromium) or set CHROMIUM_PATH; SKIP_BROWSER_TESTS=1 skips them on a developer machine." >&2
      status=1
    fi
  fi
fi
exit $status
