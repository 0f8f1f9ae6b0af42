#!/usr/bin/env bash
# Installs the built .deb with apt and starts Nätverket the way its desktop entry does, under Xvfb.
#
# Passes when: apt installs the package, the desktop entry and icons are where desktop environments
# look for them, and the installed program started from the entry's Exec line renders its first
# view and is still running after 5 seconds (then it is stopped with SIGTERM).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
shopt -s nullglob
debs=("$ROOT"/target/release/bundle/deb/*.deb)
[ ${#debs[@]} -eq 1 ] || { echo "Hittade ${#debs[@]} .deb-filer i target/release/bundle/deb/: kör make package först (och ta bort gamla)." >&2; exit 1; }
deb=${debs[0]}

echo "Installerar $deb med apt …"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
package=$(dpkg-deb -f "$deb" Package)
dpkg-query -W -f='${Status} ${Version}\n' "$package" | grep -q '^install ok installed' \
  || { echo "Paketet $package är inte installerat." >&2; exit 1; }

desktop_file=$(dpkg -L "$package" | grep '^/usr/share/applications/.*\.desktop$' | head -1)
[ -n "$desktop_file" ] || { echo "Paketet har ingen skrivbordsfil i /usr/share/applications." >&2; exit 1; }
echo "Skrivbordsfil: $desktop_file"
grep -qx 'Name=Nätverket' "$desktop_file" || { echo "Name=Nätverket saknas i $desktop_file" >&2; exit 1; }
grep -q '^Categories=Office;' "$desktop_file" || { echo "Kategorin Office saknas i $desktop_file" >&2; exit 1; }
grep -q '^Comment=.*socialtjänst' "$desktop_file" || { echo "Den svenska kommentaren saknas i $desktop_file" >&2; exit 1; }
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop_file"; fi
icon=$(sed -n 's/^Icon=//p' "$desktop_file")
icons=$(dpkg -L "$package" | grep "^/usr/share/icons/hicolor/.*/apps/$icon\.png$" || true)
[ -n "$icons" ] || { echo "Ikonen $icon finns inte i /usr/share/icons/hicolor." >&2; exit 1; }
echo "Ikoner:"; echo "$icons" | sed 's/^/  /'

exec_line=$(sed -n 's/^Exec=//p' "$desktop_file" | sed 's/ %[fFuU]//g')
program=$(command -v "${exec_line%% *}") || { echo "Programmet $exec_line i Exec finns inte på PATH." >&2; exit 1; }
echo "Startar $program (från Exec=$exec_line) i Xvfb i 5 sekunder …"

home=$(mktemp -d "${TMPDIR:-/tmp}/natverket-package-check.XXXXXX")
trap 'rm -rf "$home"' EXIT
HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
  NATVERKET_REPORT_FIRST_RENDER=1 NATVERK_DB= \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" bash -c '
    "$1" >"$2/stdout" 2>"$2/stderr" &
    pid=$!
    sleep 5
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Appen avslutades inom 5 sekunder:" >&2; cat "$2/stderr" >&2; exit 1
    fi
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  ' check "$program" "$home"
grep -q '^first-render-ms=' "$home/stdout" \
  || { echo "Appen startade men visade ingen första vy:" >&2; cat "$home/stderr" >&2; exit 1; }
[ -f "$home/data/se.fss.natverket/natverket.sqlite3" ] \
  || { echo "Appen skapade ingen databas i ~/.local/share/se.fss.natverket/." >&2; exit 1; }
echo "Den installerade appen startade, visade första vyn efter $(sed -n 's/^first-render-ms=//p' "$home/stdout") ms och skapade sin databas. Paketkontrollen gick igenom."
