#!/usr/bin/env bash
# Fetches a full NCBI Taxonomy dump (names.dmp, nodes.dmp of March 2014: 1.1 M taxa, 1.6 M names) from Debian's
# microbegps package, without installing it, into ~/.cache/livingner/ncbi-taxdump-2014 (or the directory given),
# never into the repository. TaxonomyIndexBuilder reads it to rebuild the shipped index.
#
#   livingner-taxonomy/scripts/fetch-ncbi-taxdump.sh [DIR]
#
# Needs apt-get's package lists (run 'apt-get update' once on a fresh machine) and dpkg-deb. Prints the directory.
set -euo pipefail
dest="${1:-$HOME/.cache/livingner/ncbi-taxdump-2014}"
if [[ -s "$dest/names.dmp" && -s "$dest/nodes.dmp" ]]; then
    echo "$dest"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download microbegps >&2)
dpkg-deb -x "$work"/microbegps_*.deb "$work/extracted"
mkdir -p "$dest"
# copy to a temporary name first, so an interrupted fetch never leaves a half-written dump behind
for f in names.dmp nodes.dmp; do
    cp "$work/extracted/usr/share/microbegps/data/taxonomy/$f" "$dest/$f.part"
done
for f in names.dmp nodes.dmp; do
    mv "$dest/$f.part" "$dest/$f"
done
echo "$dest"
