#!/usr/bin/env bash
# A CI job that opens a support ticket with its build log attached, then waits for the help
# desk's answer and prints it.
#
#   LHS_HOST=https://portal.example.com LHS_TOKEN=lhs_p_… \
#     examples/ci-open-ticket.sh build.log "Nightly build fails at the SDI export"
#
# LHS_TOKEN is a personal token (`lhs token create --name ci --expires 90d`) of an operative
# user with assistenza=own or all. Re-running the job with the same CI_JOB_ID never opens a
# second ticket: the Idempotency-Key covers the ticket's fields (section, subject, description,
# priority) and the names of its files, not their bytes, so a re-run whose log differs gets the
# ticket the first run opened ("already opened as N" on stderr) and waits for it. Changing the
# subject or the description under the same key is refused (exit 6) naming that ticket.
# Exit codes are lhs's (see `lhs help exit-codes`); the wait gives up after WAIT_TIMEOUT
# (default 4h) with exit 1.
set -euo pipefail

log=${1:?usage: ci-open-ticket.sh LOGFILE [SUBJECT]}
subject=${2:-"CI job ${CI_JOB_ID:-local} failed"}
: "${LHS_HOST:?set LHS_HOST}" "${LHS_TOKEN:?set LHS_TOKEN}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The portal accepts JPG, PNG, PDF, XML and ZIP up to 1000 KB: logs travel zipped.
case "$log" in
  *.zip | *.pdf | *.xml | *.png | *.jpg | *.jpeg) attachment=$log ;;
  *)
    attachment="$work/$(basename "$log").zip"
    python3 -m zipfile -c "$attachment" "$log"
    ;;
esac

number=$(
  printf 'Job: %s\nCommit: %s\n\nThe log is attached.\n' \
    "${CI_JOB_URL:-local run}" "${CI_COMMIT_SHA:-unknown}" |
    lhs tickets new \
      --macro-area "${MACRO_AREA:-Software Gestionale}" \
      --area "${AREA:-Contabilità}" \
      --section "${SECTION:-Prima nota}" \
      --subject "$subject" \
      --description-file - \
      --attach "$attachment" \
      --priority "${PRIORITY:-normale}" \
      --idempotency-key "ci-${CI_JOB_ID:-$(date +%Y%m%d)}-$(basename "$log")"
)
echo "Ticket $number; waiting for the help desk…" >&2

lhs tickets wait "$number" --state risposto --timeout "${WAIT_TIMEOUT:-4h}" --interval "${WAIT_INTERVAL:-30s}"
lhs tickets view "$number"
