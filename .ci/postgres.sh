#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the store's tests, sourced by .ci/run:
# pg_start installs PostgreSQL from the distribution's packages when it is missing, runs
# initdb into a new directory under /tmp as the unprivileged postgres user (or as
# yourself, when you are not root), starts the server on a free port of 127.0.0.1 and
# exports NEWSBOT_TEST_DATABASE_URL; pg_stop, also run when the shell exits, stops the
# cluster and removes its directory. Run by itself (bash .ci/postgres.sh), it starts a
# cluster, runs the store's tests, the two-process end to end test (TestTwoProcesses, about
# 40s) and the shared-store tests of the bot and the index against it, and stops it.

pg_bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then
		echo "$d"
	fi
}

pg_install() {
	if [ -n "$(pg_bindir)" ]; then
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "postgres: PostgreSQL is not installed, and installing it needs root" >&2
		return 1
	fi
	echo "postgres: installing PostgreSQL from the distribution's packages"
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
}

# pg_as runs a command as the cluster's owner: the postgres system user when we are root
# (the server refuses to run as root), else ourselves.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_free_port prints a port of 127.0.0.1 that nothing listens on.
pg_free_port() {
	local p tries
	for tries in $(seq 1 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "postgres: no free port found" >&2
	return 1
}

pg_stop() {
	if [ -n "${PG_CI_DIR:-}" ] && [ -d "$PG_CI_DIR" ]; then
		pg_as "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		rm -rf "$PG_CI_DIR"
		echo "postgres: cluster stopped"
	fi
	PG_CI_DIR=
}

pg_start() {
	pg_install
	PG_CI_BIN=$(pg_bindir)
	PG_CI_DIR=$(mktemp -d /tmp/newsbot-pg.XXXXXX)
	trap pg_stop EXIT
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$PG_CI_DIR"
	fi
	chmod 700 "$PG_CI_DIR"
	local port
	port=$(pg_free_port)
	pg_as "$PG_CI_BIN/initdb" -D "$PG_CI_DIR/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
	# fsync off: the cluster lives for one run. Only loopback, and the socket in our directory.
	pg_as "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -l "$PG_CI_DIR/server.log" -w start \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $PG_CI_DIR -c fsync=off -c max_connections=300" >/dev/null
	export NEWSBOT_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	echo "postgres: $("$PG_CI_BIN/postgres" --version) on 127.0.0.1:$port"
}

# pg_tests runs the tests that use the cluster: the store's suite, and two bots or two processes
# over one store (a thread's follow-up in the other process, IDENTIFYs paced together, a
# member's shared rate limit, the index's follower, and deploy/compose.postgres.yaml's two
# newsbot services run as processes).
pg_tests() {
	go test -count=1 ./data/... ./cmd/newsbot/
	go test -count=1 -race ./data/...
	go test -count=1 -race -run 'TestThreadOfOneProcess|TestFeedNotices|TestProcessesSharingAStore|TestMemberRateIsShared' ./bot/
	go test -count=1 -race -run 'TestIndexFollow|TestOwnIngest|TestArticleDeleted|TestComposeRun' ./cmd/newsbot/
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	cd "$(dirname "$0")/.."
	pg_start
	pg_tests
fi
