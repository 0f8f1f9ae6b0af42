# Build, run and test Nätverket: `make run` opens the app, `make test` runs every check, end-to-end included.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# System packages for Tauri 2 on Debian 12 / Ubuntu (WebKitGTK 4.1), Xvfb and WebKitWebDriver for the end-to-end tests.
APT_PACKAGES := libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev \
	pkg-config build-essential xvfb xauth webkit2gtk-driver dbus libdbus-1-dev openssl
# What bench/sync.sh uses besides the build: the sqlite3 shell (one peer's edit), GNU time (peak
# memory) and bc.
BENCH_PACKAGES := sqlite3 time bc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TAURI_DRIVER := $(CARGO_BIN)/tauri-driver
TAURI_CLI := $(CARGO_BIN)/cargo-tauri
export PATH := $(CARGO_BIN):$(PATH)

.PHONY: help deps tauri-driver ics-parsers mail-test-deps a11y-deps build run fmt-check clippy core-is-gui-free unit ics-interop mail-smtp e2e test screenshots \
	tauri-cli package package-check bench bench-deps startup-bench sync-bench demo-db fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

deps: ## Install the missing system packages (apt; sudo when not root)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installerar systempaket som saknas: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

tauri-driver: ## Install tauri-driver (WebDriver for the app) if it is missing
	@[ -x "$(TAURI_DRIVER)" ] || command -v tauri-driver >/dev/null || { echo "Installerar tauri-driver 2"; cargo install tauri-driver --version '^2' --locked; }

ics-parsers: ## Install four independent iCalendar parsers for the interop tests (PyPI, npm)
	@[ -x target/ics-parsers/venv/bin/python ] || python3 -m venv target/ics-parsers/venv
	@target/ics-parsers/venv/bin/python -c 'import icalendar, vobject' 2>/dev/null || target/ics-parsers/venv/bin/pip install -q -r tests/ics/requirements.txt
	@[ -d tests/ics/node_modules/node-ical ] || npm ci --prefix tests/ics --no-audit --no-fund --loglevel=error

mail-test-deps: ics-parsers ## Install aiosmtpd (PyPI), the SMTP server the mail tests start on loopback
	@target/ics-parsers/venv/bin/python -c 'import aiosmtpd' 2>/dev/null || target/ics-parsers/venv/bin/pip install -q -r tests/mail/requirements.txt

a11y-deps: ## Install axe-core for the accessibility checks of the end-to-end tests (npm)
	@[ -f tests/a11y/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error

build: deps ## Build the desktop app and the natverk CLI
	cargo build -p natverket -p natverk-core

run: build ## Build and open the app on its own database (seeded on first start)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		cargo run -p natverket; \
	else \
		echo "Ingen skärm hittades (DISPLAY saknas): startar appen i en virtuell skärm med xvfb-run."; \
		xvfb-run -a cargo run -p natverket; \
	fi

fmt-check: ## Check formatting
	cargo fmt --all -- --check

clippy: deps ## Lint everything, warnings are errors
	cargo clippy --workspace --all-targets --locked -- -D warnings

core-is-gui-free: ## Prove the core crate depends on no GUI crate
	@if cargo tree -p natverk-core -e normal,build --prefix none | grep -Ei '^(tauri|gtk|gdk|webkit|wry|tao)[-_ ]'; then \
		echo "natverk-core must not depend on GUI crates"; exit 1; \
	else echo "natverk-core har inga GUI-beroenden."; fi

unit: deps ## Unit and integration tests (core, CLI, shell)
	cargo test --workspace --locked --lib --bins --test it

ics-interop: ics-parsers ## Calendar files round-tripped through python icalendar, vobject, ical.js and node-ical
	cargo test -p natverk-core --locked --test ics_interop

mail-smtp: mail-test-deps ## Invitation mail sent to a real SMTP server (aiosmtpd, STARTTLS/TLS, AUTH) and read back
	cargo test -p natverk-core --locked --test mail_smtp

e2e: deps tauri-driver a11y-deps mail-test-deps ## End-to-end tests in the real window (Xvfb + tauri-driver)
	cargo test -p natverket --locked --test e2e -- --test-threads=1

test: deps tauri-driver fmt-check clippy core-is-gui-free unit ics-interop mail-smtp e2e ## Everything CI runs
	@echo "Alla kontroller gick igenom."

screenshots: e2e ## Run the end-to-end tests and list the screenshots of every view
	@ls -1 target/e2e-screenshots/*.png

# Performance and packaging: slow, so not part of `make test` (see README, "Performance" and "Packages").

tauri-cli: ## Install the Tauri CLI (`cargo tauri`, major 2) if it is missing
	@[ -x "$(TAURI_CLI)" ] || command -v cargo-tauri >/dev/null || { echo "Installerar tauri-cli 2 (tar några minuter)"; cargo install tauri-cli --version '^2' --locked; }

package: deps tauri-cli ## Build the .deb (target/release/bundle/deb/) with desktop entry and icons
	rm -f target/release/bundle/deb/*.deb
	cd src-tauri && cargo tauri build --bundles deb
	packaging/compress-deb.sh target/release/bundle/deb/*.deb
	@ls -1 target/release/bundle/deb/*.deb

package-check: ## Install the built .deb with apt and start the installed app under Xvfb (after make package)
	packaging/check-deb.sh

bench: ## Criterion benchmarks of the core on a generated 100,000-example database (target/criterion/)
	cargo bench -p natverk-core --locked --bench core

demo-db: ## Generate the 100,000-example database at target/bench/natverk-demo.sqlite3 (for startup-bench and trying the app)
	rm -f target/bench/natverk-demo.sqlite3 target/bench/natverk-demo.sqlite3-wal target/bench/natverk-demo.sqlite3-shm
	rm -rf target/bench/backups
	cargo run -p natverk-core --release --locked --bin natverk -- --db target/bench/natverk-demo.sqlite3 demo

bench-deps: ## Install what the exchange benchmark uses besides the build (sqlite3, GNU time, bc)
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(BENCH_PACKAGES)"

sync-bench: bench-deps ## Exchange on the 100,000-example network: sync rounds with 10 peers, export, import vs raw insert, files at the size cap
	bench/sync.sh

startup-bench: deps ## Startup time and memory of the release app against the Tauri floor app, under Xvfb
	bench/startup.sh $(RUNS)

# Fuzzing the file readers and the bundle merge (README, "Fuzzing"): nightly + cargo-fuzz, the crate in fuzz/ is its own workspace.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := ics member_csv bundle bundle_payload replies network_registry teams_report
fuzz_max_len_ics := 65536
fuzz_max_len_member_csv := 16384
fuzz_max_len_bundle := 65536
fuzz_seeds_ics := ../src-tauri/core/tests/ics-corpus/files ../tests/ics/fixtures
fuzz_seeds_replies := ../tests/mail/fixtures/replies

fuzz: ## Fuzz the .ics, member CSV, bundle, answers, networks-registry and Teams attendance readers and the bundle merge, FUZZ_SECONDS (60) each; crashes go to fuzz/artifacts/
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@set -e; cd fuzz; for target in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$target; \
		seeds="seeds/$$target"; [ $$target = ics ] && seeds="$(fuzz_seeds_ics)"; [ $$target = replies ] && seeds="$(fuzz_seeds_replies)"; \
		[ $$target = teams_report ] && seeds="../src-tauri/core/tests/fixtures/teams"; \
		case $$target in ics|replies) max_len=$(fuzz_max_len_ics);; member_csv|network_registry) max_len=$(fuzz_max_len_member_csv);; *) max_len=$(fuzz_max_len_bundle);; esac; \
		echo "Fuzzar $$target i $(FUZZ_SECONDS) s"; \
		cargo +nightly fuzz run --debug-assertions $$target corpus/$$target $$seeds -- \
			-max_total_time=$(FUZZ_SECONDS) -max_len=$$max_len -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; \
	done
