#!/usr/bin/env bash
# Reload under load: ClusterBoot (kill -HUP) vs PM2 cluster mode (pm2 reload) vs gunicorn
# (kill -HUP) vs a plain Spring Boot restart (TERM, start again), each with 2 workers under
# wrk -c32, keep-alive and Connection: close, 3 reloads per run; and ClusterBoot's master
# upgrade (kill -USR1) the same way. Prints a markdown table.
#   bench/reload.sh [--short]     BENCH_SYSTEMS=clusterboot,upgrade,pm2,gunicorn,plain (all by default)
source "$(dirname "$0")/lib/common.sh" "$@"

PM2_VERSION=${PM2_VERSION:-7.0.4}
SYSTEMS=${BENCH_SYSTEMS:-clusterboot,upgrade,pm2,gunicorn,plain}

need_tools wrk python3
case ",$SYSTEMS," in *,clusterboot,* | *,upgrade,* | *,plain,*) build_demo_jar ;; esac
case ",$SYSTEMS," in *,gunicorn,*) need_tools gunicorn ;; esac
case ",$SYSTEMS," in
	*,pm2,*)
		need_tools node npm
		# PM2 from the npm registry into a bench-local directory (bench/.cache, git-ignored)
		PM2_PREFIX="$BENCH_DIR/.cache/pm2-$PM2_VERSION"
		if [ ! -x "$PM2_PREFIX/node_modules/.bin/pm2" ]; then
			echo "installing pm2@$PM2_VERSION into $PM2_PREFIX" >&2
			mkdir -p "$PM2_PREFIX"
			npm install --prefix "$PM2_PREFIX" --no-audit --no-fund --loglevel=error "pm2@$PM2_VERSION" >&2
		fi
		export PM2_BIN="$PM2_PREFIX/node_modules/.bin/pm2"
		;;
esac
export BENCH_SYSTEMS=$SYSTEMS
run_python reload.py
