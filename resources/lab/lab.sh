#!/usr/bin/env bash
# The Firebreak lab: the simulated shop, a real Prometheus, a real Alertmanager and Firebreak
# headless, on free loopback ports in a temporary directory. See README.md next to this script.
#
#   lab.sh start [--scenario NAME] [--speed N] [--background] [--keep]
#   lab.sh status
#   lab.sh stop
#
# `start` runs in the foreground until Ctrl-C (or `lab.sh stop` from another shell), then stops
# every process it started and removes the temporary directory (unless --keep).
set -euo pipefail

LAB_SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_POINTER="${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/firebreak-lab-$(id -u).dir"

find_firebreak() {
    if [[ -n "${FIREBREAK:-}" ]]; then
        echo "$FIREBREAK"
    elif [[ -x "$LAB_SOURCE/../../build/dev/app/firebreak" ]]; then
        echo "$LAB_SOURCE/../../build/dev/app/firebreak"
    elif command -v firebreak >/dev/null; then
        command -v firebreak
    else
        echo "lab.sh: cannot find the firebreak binary; build it or set FIREBREAK=/path/to/firebreak" >&2
        return 1
    fi
}

find_binary() { # name, then alternatives
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null; then
            command -v "$name"
            return 0
        fi
    done
    echo "lab.sh: cannot find $1 (Debian: apt install prometheus prometheus-alertmanager)" >&2
    return 1
}

port_is_free() {
    # A refused connection means nobody listens there; good enough for a loopback lab.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port taken=" $* "
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if [[ "$taken" != *" $port "* ]] && port_is_free "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "lab.sh: no free loopback port found" >&2
    return 1
}

wait_for_url() { # url, seconds, what
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        if curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    echo "lab.sh: $3 did not answer at $1 within $2 s" >&2
    return 1
}

read_state() {
    if [[ ! -f "$STATE_POINTER" ]]; then
        echo "lab.sh: no lab is running (no $STATE_POINTER)" >&2
        return 1
    fi
    LAB_DIR="$(cat "$STATE_POINTER")"
    if [[ ! -f "$LAB_DIR/state" ]]; then
        echo "lab.sh: the lab directory $LAB_DIR is gone" >&2
        return 1
    fi
    # shellcheck source=/dev/null
    source "$LAB_DIR/state"
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

stop_pid() { # pid, name
    alive "$1" || return 0
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do
        alive "$1" || return 0
        sleep 0.1
    done
    echo "lab.sh: $2 (pid $1) ignored SIGTERM; killing it" >&2
    kill -KILL "$1" 2>/dev/null || true
}

cmd_start() {
    local scenario="disk-full" speed=10 background=0
    KEEP=0
    while (($#)); do
        case "$1" in
        --scenario) scenario="$2"; shift 2 ;;
        --speed) speed="$2"; shift 2 ;;
        --background) background=1; shift ;;
        --keep) KEEP=1; shift ;;
        *) echo "lab.sh: unknown option $1" >&2; exit 2 ;;
        esac
    done
    if [[ -f "$STATE_POINTER" ]] && [[ -f "$(cat "$STATE_POINTER")/state" ]]; then
        read_state
        if alive "${SUPERVISOR_PID:-}"; then
            echo "lab.sh: a lab is already running (pid $SUPERVISOR_PID, $LAB_DIR); lab.sh stop first" >&2
            exit 1
        fi
    fi
    if ((background)); then
        local args=(start --scenario "$scenario" --speed "$speed")
        ((KEEP)) && args+=(--keep)
        setsid "$0" "${args[@]}" >"${TMPDIR:-/tmp}/firebreak-lab-$(id -u).log" 2>&1 < /dev/null &
        for _ in $(seq 1 150); do
            if [[ -f "$STATE_POINTER" ]] && grep -q '^READY=1' "$(cat "$STATE_POINTER")/state" 2>/dev/null; then
                cmd_status
                return 0
            fi
            if ! alive $!; then
                cat "${TMPDIR:-/tmp}/firebreak-lab-$(id -u).log" >&2
                exit 1
            fi
            sleep 0.2
        done
        echo "lab.sh: the lab did not come up; see ${TMPDIR:-/tmp}/firebreak-lab-$(id -u).log" >&2
        exit 1
    fi

    local firebreak prometheus alertmanager
    firebreak="$(find_firebreak)"
    prometheus="$(find_binary prometheus)"
    alertmanager="$(find_binary prometheus-alertmanager alertmanager)"

    LAB_DIR="$(mktemp -d "${TMPDIR:-/tmp}/firebreak-lab.XXXXXX")"
    LAB_PIDS=() # "pid:name", in start order; globals, because the EXIT trap reads them
    cleanup() {
        trap - EXIT INT TERM
        echo "lab.sh: stopping the lab"
        local i
        for ((i = ${#LAB_PIDS[@]} - 1; i >= 0; i--)); do
            stop_pid "${LAB_PIDS[i]%%:*}" "${LAB_PIDS[i]#*:}"
        done
        rm -f "$STATE_POINTER"
        if ((KEEP)); then
            echo "lab.sh: kept $LAB_DIR"
        else
            rm -rf "$LAB_DIR"
        fi
    }
    trap cleanup EXIT
    trap 'exit 0' INT TERM

    local shop_port prom_port am_port fb_port
    shop_port="$(free_port)"
    prom_port="$(free_port "$shop_port")"
    am_port="$(free_port "$shop_port" "$prom_port")"
    fb_port="$(free_port "$shop_port" "$prom_port" "$am_port")"

    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$LAB_DIR/token")
    chmod 600 "$LAB_DIR/token"
    mkdir -p "$LAB_DIR/rules"
    cp "$LAB_SOURCE"/rules/*.rules.yml "$LAB_DIR/rules/"
    sed -e "s/127.0.0.1:9101/127.0.0.1:$shop_port/" -e "s/127.0.0.1:9093/127.0.0.1:$am_port/" \
        "$LAB_SOURCE/prometheus.yml" >"$LAB_DIR/prometheus.yml"
    sed -e "s/127.0.0.1:9095/127.0.0.1:$fb_port/" "$LAB_SOURCE/alertmanager.yml" >"$LAB_DIR/alertmanager.yml"
    sed -e "s/127.0.0.1:9095/127.0.0.1:$fb_port/" -e "s/127.0.0.1:9093/127.0.0.1:$am_port/" \
        -e "s/127.0.0.1:9090/127.0.0.1:$prom_port/" "$LAB_SOURCE/firebreak.yaml" >"$LAB_DIR/firebreak.yaml"

    cd "$LAB_DIR"
    echo "$LAB_DIR" >"$STATE_POINTER"
    {
        echo "SUPERVISOR_PID=$$"
        echo "SHOP_URL=http://127.0.0.1:$shop_port/metrics"
        echo "PROMETHEUS_URL=http://127.0.0.1:$prom_port"
        echo "ALERTMANAGER_URL=http://127.0.0.1:$am_port"
        echo "FIREBREAK_URL=http://127.0.0.1:$fb_port"
    } >state

    "$firebreak" --serve-metrics "127.0.0.1:$shop_port" --scenario "$scenario" --speed "$speed" >shop.log 2>&1 &
    LAB_PIDS+=("$!:shop")
    echo "SHOP_PID=$!" >>state
    wait_for_url "http://127.0.0.1:$shop_port/metrics" 10 "the shop"

    "$alertmanager" --config.file=alertmanager.yml --storage.path=alertmanager-data \
        --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= >alertmanager.log 2>&1 &
    LAB_PIDS+=("$!:alertmanager")
    echo "ALERTMANAGER_PID=$!" >>state
    wait_for_url "http://127.0.0.1:$am_port/-/ready" 20 "Alertmanager"

    "$prometheus" --config.file=prometheus.yml --storage.tsdb.path=prometheus-data \
        --web.listen-address="127.0.0.1:$prom_port" >prometheus.log 2>&1 &
    LAB_PIDS+=("$!:prometheus")
    echo "PROMETHEUS_PID=$!" >>state
    wait_for_url "http://127.0.0.1:$prom_port/-/ready" 30 "Prometheus"

    "$firebreak" --headless --config firebreak.yaml >firebreak.log 2>&1 &
    LAB_PIDS+=("$!:firebreak")
    echo "FIREBREAK_PID=$!" >>state
    sleep 2
    if ! alive "$!"; then
        echo "lab.sh: Firebreak exited at once; its log ($LAB_DIR/firebreak.log):" >&2
        tail -n 20 firebreak.log >&2 || true
        echo "lab.sh: the shop, Prometheus and Alertmanager keep running; Alertmanager retries the webhook." >&2
    fi
    echo "READY=1" >>state
    cmd_status
    echo "Scenario $scenario at ${speed}x: the first alert fires within about a minute. Ctrl-C stops the lab."
    # Wakes up for the traps; a component that dies is reported, the rest keep running.
    while true; do
        sleep 1 &
        wait $! || true
    done
}

cmd_status() {
    read_state
    local name pid
    echo "lab directory: $LAB_DIR"
    for name in SHOP PROMETHEUS ALERTMANAGER FIREBREAK; do
        pid="$(grep "^${name}_PID=" "$LAB_DIR/state" | cut -d= -f2 || true)"
        local url_var="${name}_URL"
        if alive "$pid"; then
            printf '  %-13s up    pid %-7s %s\n' "${name,,}" "$pid" "${!url_var}"
        else
            printf '  %-13s DOWN  pid %-7s %s (log: %s/%s.log)\n' "${name,,}" "${pid:--}" "${!url_var}" "$LAB_DIR" "${name,,}"
        fi
    done
}

cmd_stop() {
    read_state
    if ! alive "${SUPERVISOR_PID:-}"; then
        echo "lab.sh: the lab's supervisor (pid ${SUPERVISOR_PID:-?}) is not running; stopping what is left" >&2
        local name pid
        for name in FIREBREAK PROMETHEUS ALERTMANAGER SHOP; do
            pid="$(grep "^${name}_PID=" "$LAB_DIR/state" | cut -d= -f2 || true)"
            stop_pid "$pid" "${name,,}"
        done
        rm -f "$STATE_POINTER"
        return 0
    fi
    kill -TERM "$SUPERVISOR_PID"
    for _ in $(seq 1 100); do
        alive "$SUPERVISOR_PID" || { echo "lab stopped"; return 0; }
        sleep 0.1
    done
    echo "lab.sh: the lab did not stop within 10 s (pid $SUPERVISOR_PID)" >&2
    return 1
}

case "${1:-}" in
start) shift; cmd_start "$@" ;;
status) cmd_status ;;
stop) cmd_stop ;;
*)
    echo "usage: lab.sh start [--scenario disk-full|memory-leak|multi-region] [--speed N] [--background] [--keep]" >&2
    echo "       lab.sh status | stop" >&2
    exit 2
    ;;
esac
