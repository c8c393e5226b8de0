#!/usr/bin/env bash
# Runs the fuzz targets for a given time each, a few at once, and writes a
# summary table: target, inputs tried, seconds, crashes (and, for the PDF
# target, the places where the text extractor panicked and the import
# contained it).
#
#   fuzz/run-all.sh [-t SECONDS] [-j JOBS] [-o SUMMARY.md] [-s] [TARGET...]
#
# -t  seconds per target (default 600)
# -j  targets run at once (default 2)
# -o  where the summary goes (default fuzz/logs/summary.md)
# -s  only seed the corpora, do not fuzz
# TARGET...  the targets to run (default: every target of fuzz/Cargo.toml)
#
# Before fuzzing it seeds fuzz/corpus/TARGET/ from the golden exports
# (tests/golden/), the hostile corpus (tests/hostile/corpus/) and the files
# `cargo run --example fuzz_seeds` makes; a corpus kept from an earlier
# run is kept and grows. Each run's output is in fuzz/logs/TARGET.log and
# what it finds in fuzz/artifacts/TARGET/. The fuzzers run under
# `nice -n 19`: on a shared machine the inputs count shows the honest
# figure. Needs `cargo install cargo-fuzz` and a nightly toolchain.
set -euo pipefail

seconds=600
jobs=2
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
summary="$fuzz_dir/logs/summary.md"
seed_only=0
while getopts "t:j:o:s" opt; do
    case $opt in
        t) seconds=$OPTARG ;;
        j) jobs=$OPTARG ;;
        o) summary=$OPTARG ;;
        s) seed_only=1 ;;
        *) sed -n '2,21p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
all_targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$fuzz_dir/Cargo.toml" | grep -v '^marginalia-fuzz$')
targets=${*:-$all_targets}
for t in $targets; do
    grep -qx "$t" <<<"$all_targets" || { echo "error: no fuzz target named $t (the targets: $(echo $all_targets))" >&2; exit 2; }
done

# ------------------------------------------------------------------ seeds

# Copies files into the corpus of target $1.
seed() {
    local target=$1
    shift
    mkdir -p "$fuzz_dir/corpus/$target"
    for f in "$@"; do
        if [ -f "$f" ]; then cp "$f" "$fuzz_dir/corpus/$target/"; fi
    done
}

# Joins files with a 0xFF byte between them (what `common::parts` splits),
# into the corpus of target $1 as file $2.
joined() {
    local out="$fuzz_dir/corpus/$1/$2"
    shift 2
    mkdir -p "$(dirname "$out")"
    : >"$out"
    local first=1
    for f in "$@"; do
        [ $first = 1 ] || printf '\377' >>"$out"
        first=0
        if [ -f "$f" ]; then cat "$f" >>"$out"; fi
    done
}

g=$root/tests/golden
h=$root/tests/hostile/corpus
seed load "$root"/projects/*.ron "$h"/load/*
seed import_text "$g"/brat/*.txt "$h"/text/*
seed import_jsonl "$g"/jsonl/* "$h"/jsonl/*
joined import_brat golden-statement "$g"/brat/statement.txt "$g"/brat/statement.ann "$g"/brat/annotation.conf
joined import_brat golden-second "$g"/brat/second.txt "$g"/brat/second.ann
for d in "$h"/brat/*/; do
    joined import_brat "hostile-$(basename "$d")" "$d"doc.txt "$d"doc.ann "$d"annotation.conf
done
joined import_label_studio golden "$g"/label-studio/tasks.json "$g"/label-studio/label_config.xml
seed import_label_studio "$h"/label-studio/*.json
for d in "$h"/label-studio/*/; do
    joined import_label_studio "hostile-$(basename "$d")" "$d"tasks.json "$d"label_config.xml
done
source_txt=$(ls "$g"/refi-qda/sources/*.txt | head -1)
joined import_refi_qda golden "$g"/refi-qda/project.qde "$source_txt"
seed import_refi_qda "$h"/refi-qda/*.qde "$h"/refi-qda/*.qdpx
seed import_doccano "$g"/doccano/* "$h"/doccano/*
seed import_html "$h"/html/*
seed import_markdown "$root"/ARCHITECTURE.md "$h"/markdown/*
seed import_docx "$h"/docx/*
seed import_odt "$h"/odt/*
seed import_pdf "$h"/pdf/*
seed import_codebook_ron "$root"/projects/*.ron "$h"/codebook/*.ron "$h"/load/*
seed import_codebook_qdc "$g"/refi-qda-codebook/* "$h"/codebook/*.qdc "$h"/refi-qda/*.qdc
(cd "$root" && cargo run --quiet --example fuzz_seeds -- "$fuzz_dir/corpus")
for t in $all_targets; do
    echo "$t: $(ls "$fuzz_dir/corpus/$t" | wc -l) inputs in fuzz/corpus/$t"
done
[ "$seed_only" = 0 ] || exit 0

# ------------------------------------------------------------------- runs

cd "$fuzz_dir"
mkdir -p logs
echo "building the fuzz targets (AddressSanitizer)..."
nice -n 19 cargo +nightly fuzz build

# Runs target $1 for $seconds and prints its summary row.
run_one() {
    local t=$1 log=logs/$1.log
    mkdir -p "artifacts/$t"
    local before
    before=$(ls "artifacts/$t" | wc -l)
    local start=$SECONDS status=0
    MARGINALIA_FUZZ_CONTAINED="$fuzz_dir/logs/contained-$t" \
        nice -n 19 cargo +nightly fuzz run "$t" -- \
        -max_total_time="$seconds" -timeout=30 -print_final_stats=1 >"$log" 2>&1 || status=$?
    local took=$((SECONDS - start))
    local runs
    runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -1)
    # Stopped by a crash: the last status line has the count.
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    local crashes
    crashes=$(( $(ls "artifacts/$t" | wc -l) - before ))
    local contained
    contained=$(grep -c '^contained panic at' "$log" || true)
    local note=""
    [ "$status" = 0 ] || note="exit $status: see logs/$t.log"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$t" "${runs:-?}" "$took" "$crashes" "$contained" "$note"
}
export -f run_one
export seconds fuzz_dir

started=$(date -u '+%Y-%m-%d %H:%M UTC')
rows=$(printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}')
{
    echo "Fuzz run of $started on $(nproc) cores ($(uname -m)), $seconds s per target, $jobs at once, under nice -n 19:"
    echo "\`fuzz/run-all.sh -t $seconds -j $jobs $*\`"
    echo
    echo "| target | inputs tried | seconds | crashes | contained extractor panics (distinct places) | note |"
    echo "|---|---:|---:|---:|---:|---|"
    printf '%s\n' "$rows" | sort
} >"$summary"
cat "$summary"
