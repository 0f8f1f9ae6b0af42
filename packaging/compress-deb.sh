#!/usr/bin/env bash
# Repacks the .deb that `cargo tauri build` made (gzip) with xz -9, as Debian's own packages are: the same files, a quarter smaller.
set -euo pipefail
deb=${1:?usage: packaging/compress-deb.sh PACKAGE.deb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/root" "$work/repacked.deb" >/dev/null
before=$(stat -c %s "$deb")
mv "$work/repacked.deb" "$deb"
after=$(stat -c %s "$deb")
echo "$(basename "$deb"): $before → $after byte (xz)"
