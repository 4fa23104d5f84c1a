#!/usr/bin/env bash
# One command for the independent-peer part of the interop suite:
# setup (idempotent) -> provider self-test -> peer/oracle cross-checks.
# Prints each part's results, then one closing `N passed, M failed` line for the whole run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"

passed=0
failed=0
status=0
for script in selftest_provider.py run_peer_checks.py; do
    echo "== $script"
    out="$(mktemp)"
    # Keep going after a failing part so the summary covers everything; remember the failure.
    "$here/.venv/bin/python" "$here/$script" | tee "$out" || status=1
    # Each part ends with "N passed, M failed"; a missing line counts as one failure.
    if line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n1)"; then
        passed=$((passed + $(cut -d' ' -f1 <<<"$line")))
        failed=$((failed + $(cut -d' ' -f3 <<<"$line")))
    else
        failed=$((failed + 1))
        status=1
    fi
    rm -f "$out"
done
echo "interop: $passed passed, $failed failed"
exit "$status"
