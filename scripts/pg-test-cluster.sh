#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (make test, .ci/run).
#
#   scripts/pg-test-cluster.sh run -- COMMAND [ARGS...]
#       initdb into a temporary folder, start the server on 127.0.0.1 (first free port from
#       5433, trust authentication, socket in /tmp), run COMMAND with SECRETARIAT_TEST_PG set to
#       the server's URL, then stop the server and remove the folder whatever happened.
#       Exits with COMMAND's exit code (or non-zero when the cluster cannot start).
#   scripts/pg-test-cluster.sh start
#       start one and leave it running: prints the URL on stdout and the stop command on stderr.
#   scripts/pg-test-cluster.sh stop DATADIR
#       stop a cluster made by `start` and remove its folder.
#   scripts/pg-test-cluster.sh available
#       exit 0 when PostgreSQL server binaries are installed (/usr/lib/postgresql/*/bin/initdb).
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (created
# by Debian's postgresql packages); as anyone else it belongs to the caller.
# Speed over durability: fsync is off. Never point this at data you care about.
set -euo pipefail

PG_PORT_FIRST=${PG_PORT_FIRST:-5433}
PG_VERSION_WANTED=${PG_VERSION_WANTED:-15}

pg_bindir() {
    # Prefer the wanted major version; else the newest installed; else initdb on PATH.
    local d
    if [[ -x /usr/lib/postgresql/$PG_VERSION_WANTED/bin/initdb ]]; then
        echo "/usr/lib/postgresql/$PG_VERSION_WANTED/bin"; return 0
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $d && -x $d/initdb ]]; then echo "$d"; return 0; fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

as_owner() {
    # Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

port_in_use() {
    # bash's /dev/tcp: connecting succeeds when something listens there.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_cluster() {
    # Sets DATADIR and URL. Prints nothing on stdout.
    local bindir port tries
    bindir=$(pg_bindir) || { echo "pg-test-cluster: no PostgreSQL server binaries (initdb) found" >&2; return 1; }
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "pg-test-cluster: running as root but there is no 'postgres' user to own the cluster" >&2
        return 1
    fi
    DATADIR=$(mktemp -d "${TMPDIR:-/tmp}/secretariat-pg.XXXXXX")
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DATADIR"; fi
    chmod 700 "$DATADIR"
    as_owner "$bindir/initdb" -D "$DATADIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$DATADIR/initdb.log" 2>&1 || {
        echo "pg-test-cluster: initdb failed:" >&2; cat "$DATADIR/initdb.log" >&2; rm -rf "$DATADIR"; return 1; }
    port=$PG_PORT_FIRST
    for tries in $(seq 1 50); do
        if ! port_in_use "$port" && [[ ! -e /tmp/.s.PGSQL.$port ]]; then
            if as_owner "$bindir/pg_ctl" -D "$DATADIR/data" -l "$DATADIR/server.log" -w -t 60 \
                -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=2GB -c checkpoint_timeout=30min -c max_connections=200" \
                start >/dev/null 2>&1; then
                PG_BINDIR=$bindir
                URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
                echo "pg-test-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($DATADIR)" >&2
                return 0
            fi
        fi
        port=$((port + 1))
    done
    echo "pg-test-cluster: the server did not start; its log:" >&2
    cat "$DATADIR/server.log" >&2 2>/dev/null || true
    rm -rf "$DATADIR"
    return 1
}

stop_cluster() {
    local datadir=$1 bindir
    [[ -d $datadir ]] || return 0
    bindir=${PG_BINDIR:-$(pg_bindir || true)}
    if [[ -n $bindir && -f $datadir/data/postmaster.pid ]]; then
        as_owner "$bindir/pg_ctl" -D "$datadir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$datadir"
}

case "${1:-}" in
    available)
        pg_bindir >/dev/null
        ;;
    start)
        start_cluster
        echo "$URL"
        echo "stop it with: $0 stop $DATADIR" >&2
        ;;
    stop)
        [[ -n ${2:-} ]] || { echo "usage: $0 stop DATADIR" >&2; exit 2; }
        case $2 in
            */secretariat-pg.*) stop_cluster "$2" ;;
            *) echo "pg-test-cluster: $2 is not a folder made by this script" >&2; exit 2 ;;
        esac
        ;;
    run)
        shift
        [[ ${1:-} == "--" ]] && shift
        [[ $# -gt 0 ]] || { echo "usage: $0 run -- COMMAND [ARGS...]" >&2; exit 2; }
        DATADIR=""
        trap '[[ -n $DATADIR ]] && stop_cluster "$DATADIR"' EXIT
        trap 'exit 130' INT TERM
        start_cluster
        rc=0
        SECRETARIAT_TEST_PG=$URL "$@" || rc=$?
        exit "$rc"
        ;;
    *)
        sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
esac
