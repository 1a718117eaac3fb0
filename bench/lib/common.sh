# Sourced by the bench/*.sh scripts: options, installs, the demo jar.
# shellcheck shell=bash
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT_DIR=$(dirname "$BENCH_DIR")
export BENCH_DIR

bench_usage() {
	cat <<EOF
usage: $(basename "$0") [--short | --full]

  --short   a few seconds per measurement (what CI runs); same as BENCH_SHORT=1
  --full    the full measurement (default)

Environment: BENCH_JAR=path/to/demo-app.jar skips the build; BENCH_WRK_THREADS (2),
BENCH_WRK_TIMEOUT (10s); see bench/README.md for the per-script settings.
Markdown goes to stdout, progress to stderr.
EOF
}

for arg in "$@"; do
	case "$arg" in
		--short) export BENCH_SHORT=1 ;;
		--full) export BENCH_SHORT=0 ;;
		-h | --help) bench_usage; exit 0 ;;
		*) echo "unknown argument: $arg" >&2; bench_usage >&2; exit 2 ;;
	esac
done
export BENCH_SHORT=${BENCH_SHORT:-0}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() { # apt_install package...
	if [ "$APT_UPDATED" = 0 ]; then
		as_root apt-get update -qq >&2
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >&2
}

need_tools() { # need_tools command... : installs the Debian package of each missing one
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 && continue
		echo "installing $tool" >&2
		case "$tool" in
			java | jcmd) apt_install openjdk-17-jdk-headless ;;
			mvn) apt_install maven ;;
			python3) apt_install python3 ;;
			node | npm) apt_install nodejs npm ;;
			*) apt_install "$tool" ;;
		esac
	done
}

# package_module module : builds module/target/module.jar with mvn -DskipTests, offline first
# (fast, quiet), online if the local repository lacks something.
package_module() {
	need_tools java mvn
	echo "building the $1 jar (mvn -DskipTests package)" >&2
	(cd "$ROOT_DIR" && { mvn -q -o -B -DskipTests -pl "$1" -am package >/dev/null 2>&1 ||
		mvn -q -B -ntp -DskipTests -pl "$1" -am package >&2; }) || exit 1
}

# Builds the demo jar unless BENCH_JAR names one; exports BENCH_JAR.
# The benchmarks copy it into their work directory under /tmp before they run it.
build_demo_jar() {
	if [ -n "${BENCH_JAR:-}" ]; then
		[ -f "$BENCH_JAR" ] || { echo "BENCH_JAR=$BENCH_JAR does not exist" >&2; exit 1; }
		return
	fi
	package_module demo-app
	export BENCH_JAR="$ROOT_DIR/demo-app/target/demo-app.jar"
}

# Builds the realistic demo-store jar unless BENCH_STORE_JAR names one, in full mode only;
# exports BENCH_STORE_JAR.
build_store_jar() {
	if [ -n "${BENCH_STORE_JAR:-}" ] || [ "$BENCH_SHORT" = 1 ]; then
		return
	fi
	package_module demo-store
	export BENCH_STORE_JAR="$ROOT_DIR/demo-store/target/demo-store.jar"
}

# Copies $BENCH_JAR into a private directory and points BENCH_JAR there, so that a build of
# demo-app (by someone else, or a test run) while the benchmarks run cannot swap the jar between
# two scripts; the copy goes when the calling script exits.
private_jar_copy() {
	BENCH_JAR_DIR=$(mktemp -d /tmp/clusterboot-bench-jar-XXXXXX)
	trap 'rm -rf "$BENCH_JAR_DIR"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cp "$BENCH_JAR" "$BENCH_JAR_DIR/demo-app.jar"
	export BENCH_JAR="$BENCH_JAR_DIR/demo-app.jar"
}

run_python() { # run_python script.py : the benchmark itself
	exec python3 "$BENCH_DIR/lib/$1"
}
