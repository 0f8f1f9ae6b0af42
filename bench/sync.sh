#!/usr/bin/env bash
# Exchange benchmark on the 100,000-example network: sync rounds with 10 peers, export, full import against a raw insert, files at the size cap (wall time and peak RSS from /usr/bin/time -v).
#
# Usage: bench/sync.sh            (PEERS=10 by default; `make sync-bench` runs it)
#        REUSE=1 bench/sync.sh    (keep the folder and the 11 databases of the previous run: skips the
#                                  setup, which reads 100,000 examples some 30 times)
# Needs a release build (made here) and the demo database (made here with `natverk demo` if missing).
# Prints one line per measurement; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS=${PEERS:-10}
TARGET=${CARGO_TARGET_DIR:-target}
NATVERK=$TARGET/release/natverk
HELPER=$TARGET/release/examples/sync_bench
DEMO=$TARGET/bench/natverk-demo.sqlite3
WORK=$TARGET/bench/sync
FOLDER=$WORK/folder

cargo build -p natverk-core --release --locked --bin natverk --example sync_bench >&2
if [ ! -f "$DEMO" ]; then
	echo "Skapar demodatabasen (100 000 exempel) …" >&2
	"$NATVERK" --db "$DEMO" demo >&2
fi
if [ "${REUSE:-0}" != 1 ]; then
	rm -rf "$WORK"
fi
mkdir -p "$FOLDER" "$WORK/stage"

# run LABEL COMMAND…: runs the command under /usr/bin/time -v, prints wall time and peak RSS.
run() {
	local label=$1
	shift
	local started ended
	started=$(date +%s.%N)
	if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>&1; then
		echo "FEL: $label" >&2
		cat "$WORK/out.txt" >&2
		return 1
	fi
	ended=$(date +%s.%N)
	local rss
	rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$WORK/time.txt")
	printf '%-72s %7.2f s %6s MB\n' "$label" "$(echo "$ended - $started" | bc)" "$rss"
}

# Like run, for a command that must fail (a refused file): prints the same figures.
run_refused() {
	local label=$1
	shift
	local started ended
	started=$(date +%s.%N)
	if /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>&1; then
		echo "FEL: $label skulle ha vägrats" >&2
		return 1
	fi
	ended=$(date +%s.%N)
	local rss
	rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$WORK/time.txt")
	printf '%-72s %7.2f s %6s MB\n' "$label" "$(echo "$ended - $started" | bc)" "$rss"
}

folder_bytes() { du -sb "$FOLDER" | cut -f1; }
sync_db() { "$NATVERK" --db "$1" bundle sync --accept-host "$2"; }


echo "Maskin: $(nproc) kärnor, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
HOST=$WORK/host.sqlite3
if [ "${REUSE:-0}" != 1 ]; then
	cp "$DEMO" "$HOST"

	run "värden: första synk (hel fil, 100 000 exempel)" "$NATVERK" --db "$HOST" bundle sync --accept-host "$FOLDER"
	echo "  fil: $(du -h "$FOLDER"/*.natverk | cut -f1 | head -1)"
	cp "$FOLDER"/*.natverk "$WORK/stage/"

	echo "Förbereder $PEERS installationer som var och en läst värdens fil och skrivit sin egen …" >&2
	# The first peer syncs in the folder itself; the others in folders of their own, their files copied in
	# (so that setting up does not read every peer's full file again and again).
	sync_db "$WORK/peer-1.sqlite3" "$FOLDER" >/dev/null
	for i in $(seq 2 "$PEERS"); do
		peer_stage=$WORK/stage-$i
		mkdir -p "$peer_stage"
		cp "$WORK"/stage/*.natverk "$peer_stage/"
		sync_db "$WORK/peer-$i.sqlite3" "$peer_stage" >/dev/null
		for file in "$peer_stage"/*.natverk; do
			[ -e "$WORK/stage/$(basename "$file")" ] || cp "$file" "$FOLDER/"
		done
		rm -rf "$peer_stage"
	done
	run "värden läser $PEERS andras hela filer (inget nytt i dem)" "$NATVERK" --db "$HOST" bundle sync --accept-host "$FOLDER"
	sync_db "$WORK/peer-1.sqlite3" "$FOLDER" >/dev/null
else
	# Catch up with what the previous run left unread.
	"$NATVERK" --db "$HOST" bundle sync --accept-host "$FOLDER" >/dev/null
	"$NATVERK" --db "$WORK/peer-1.sqlite3" bundle sync --accept-host "$FOLDER" >/dev/null
fi

before=$(folder_bytes)
run "synkrunda, inget ändrat, $PEERS andra installationer" "$NATVERK" --db "$HOST" bundle sync --accept-host "$FOLDER"
echo "  skrivet till mappen: $(($(folder_bytes) - before)) byte"

# One peer changes 10 examples; its round writes a change file, the host's round reads only that.
sqlite3 "$WORK/peer-1.sqlite3" "UPDATE examples SET title = title || ' (ändrad)',
	updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id IN (SELECT id FROM examples ORDER BY id LIMIT 10);"
before=$(folder_bytes)
run "en installation med 10 ändrade exempel skriver sin ändringsfil" "$NATVERK" --db "$WORK/peer-1.sqlite3" bundle sync --accept-host "$FOLDER"
echo "  skrivet till mappen: $(($(folder_bytes) - before)) byte"
before=$(folder_bytes)
run "synkrunda hos värden efter 10 ändrade exempel hos en annan" "$NATVERK" --db "$HOST" bundle sync --accept-host "$FOLDER"
echo "  skrivet till mappen: $(($(folder_bytes) - before)) byte"

run "export av hela nätverket till fil (CLI)" "$NATVERK" --db "$HOST" bundle export --scope network --out "$WORK/network.natverk"
echo "  fil: $(du -h "$WORK/network.natverk" | cut -f1)"
rm -f "$WORK"/new.sqlite3*
run "full import i en ny databas (CLI)" "$NATVERK" --db "$WORK/new.sqlite3" bundle import --accept-host "$WORK/network.natverk"
run "import jämfört med rå insättning (3 varv vardera)" "$HELPER" import-vs-raw "$WORK/host.sqlite3"
sed 's/^/  /' "$WORK/out.txt"

# Files at the size cap: a signed bundle just under it (gzip and plain), and a gzip bomb above it.
rm -f "$WORK"/cap-source.sqlite3* "$WORK"/cap-target.sqlite3*
"$HELPER" cap-file "$WORK/cap-source.sqlite3" "$WORK/cap.natverk" | sed 's/^/  /'
run "förhandsgranskning av en fil vid storleksgränsen (gzip)" "$NATVERK" --db "$WORK/cap-target.sqlite3" bundle import --dry-run "$WORK/cap.natverk"
run "förhandsgranskning av en fil vid storleksgränsen (okomprimerad)" "$NATVERK" --db "$WORK/cap-target.sqlite3" bundle import --dry-run "$WORK/cap.natverk.plain"
head -c 210000000 /dev/zero | tr '\0' ' ' | gzip -1 >"$WORK/bomb.natverk"
run_refused "en gzip-fil som packas upp till mer än gränsen vägras" "$NATVERK" --db "$WORK/cap-target.sqlite3" bundle import --dry-run "$WORK/bomb.natverk"
