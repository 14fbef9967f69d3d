#!/usr/bin/env bash
# Provisions a company's operative users from a spreadsheet exported as CSV (Italian Excel's
# `;` separator and BOM are fine): checks the whole file first, then creates the new users
# and updates the changed ones, and keeps a JSON report.
#
#   lhs login --user C0001            # the company's Administrator, once
#   examples/provision-users.sh examples/staff.csv
#
# Running it again changes nothing that is already right. Exit status is non-zero when a row
# failed; the report says which and why.
set -euo pipefail

file=${1:?usage: provision-users.sh FILE.csv}
report=${REPORT:-"${file%.csv}-report.json"}

echo "Checking $file…" >&2
lhs users import "$file" --dry-run

echo "Applying it…" >&2
status=0
lhs users import "$file" --update --concurrency "${CONCURRENCY:-4}" --json >"$report" || status=$?
echo "Report written to $report" >&2
exit "$status"
