#!/usr/bin/env bash
# Smoke test of `facilitator import projects` and `facilitator export` through the binary (the
# storage tests call core directly): the example file imports, a second run skips every row, the
# exit codes are the documented 0 / 1 / 2, and exports write a CSV with a BOM and a JSON array.
#
#   import_export_smoke.sh FACILITATOR_BINARY docs/examples/projects.csv
set -euo pipefail
bin=$1
example=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="sqlite3://db=$dir/smoke.db"

# expect CODE COMMAND...: runs COMMAND, output to $dir/out, and fails unless it exits with CODE.
expect() {
  local want=$1 got=0
  shift
  "$@" >"$dir/out" 2>&1 || got=$?
  if [[ $got != "$want" ]]; then
    echo "expected exit code $want, got $got: $*"
    cat "$dir/out"
    exit 1
  fi
}
contains() {
  grep -qF -- "$1" "$dir/out" || { echo "output lacks: $1"; cat "$dir/out"; exit 1; }
}

expect 0 "$bin" import projects "$example" --db "$db" --dry-run
contains "Dry run: nothing was written."
expect 0 "$bin" import projects "$example" --db "$db" --actor "kari.nordmann@mnu.no"
contains "rejected: 0."
expect 0 "$bin" import projects "$example" --db "$db"
contains "imported: 0, skipped (already imported): "

printf 'saksnr;tittel;type;orgnr;bedrift;idé\r\nX-1;Frisør;etablering;923609017;Frisør AS;01.02.2024\r\n' >"$dir/bad.csv"
expect 1 "$bin" import projects "$dir/bad.csv" --db "$db"
contains "line 2, column orgnr: 923609017 is not a valid organisation number (check digit)"
contains "Nothing was written"
expect 0 "$bin" import projects "$dir/bad.csv" --db "$db" --skip-invalid

expect 2 "$bin" import projects "$dir/missing.csv" --db "$db"
expect 2 "$bin" import projects --db "$db"
expect 2 "$bin" import projects "$example" --db "$db" --no-such-option
expect 2 "$bin" import
expect 2 "$bin" export --db "$db" --format xml

expect 0 "$bin" export --db "$db" --what events --output "$dir/events.csv"
[[ $(od -An -tx1 -N3 "$dir/events.csv" | tr -d ' \n') == efbbbf ]] || { echo "events.csv has no BOM"; exit 1; }
grep -q "project_id;external_ref;seq;" "$dir/events.csv" || { echo "events.csv has no header"; exit 1; }
[[ ! -e $dir/events.csv.partial ]] || { echo "a partial file was left behind"; exit 1; }
expect 0 "$bin" export --db "$db" --format json --separator , --output "$dir/projects.json"
[[ $(head -c1 "$dir/projects.json") == "[" ]] || { echo "projects.json is not a JSON array"; exit 1; }
echo "import/export smoke test passed"
