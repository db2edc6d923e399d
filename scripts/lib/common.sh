# Shared by scripts/test, scripts/demo and scripts/with-servers. Source it; it defines functions.
# shellcheck shell=bash

GPPARITY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages the build, the tests, the harness and the house-rule checks (scripts/check-format,
# scripts/check-tidy: clang-format and clang-tidy 14) need; postgresql-server-dev-15 builds the
# server-side digest (extension/) for Debian 12's PostgreSQL; clang and libclang-rt-14-dev
# (libFuzzer) build the fuzz targets (scripts/fuzz); libtomlplusplus-dev reads waiver files;
# libyaml-cpp-dev and libzstd-dev read gpbackup backup sets (their TOCs, their .zst data files), and
# zstd writes the zstd backup fixtures the tests build on Greenplum 6.
GPPARITY_PACKAGES=(g++ cmake make pkg-config libpq-dev libxxhash-dev libtbb-dev libcli11-dev
                   nlohmann-json3-dev libgtest-dev zlib1g-dev postgresql postgresql-contrib
                   libxml2-utils clang-format clang-tidy postgresql-server-dev-15
                   clang libclang-rt-14-dev libtomlplusplus-dev libyaml-cpp-dev
                   libzstd-dev zstd)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

# Installs the packages that are missing (only those), non-interactively. As a normal user with
# everything already installed it does nothing; with something missing it says what and that
# installing needs root.
ensure_packages() {
    local missing=() p
    for p in "${GPPARITY_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            log "installing missing packages with sudo: ${missing[*]}"
            sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
            return 0
        fi
        die "missing Debian packages: ${missing[*]}; installing them needs root: sudo apt-get install ${missing[*]}"
    fi
    log "installing missing packages: ${missing[*]}"
    # Our servers are throwaway ones; keep the postgresql package from creating and starting its
    # own 'main' cluster on a fresh machine.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        mkdir -p /etc/postgresql-common
        echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Usage: build_gpparity [DIR [BUILD_TYPE [TARGET...]]]: configures DIR (default build/) with
# GPPARITY_CMAKE_ARGS and builds TARGET... (default: everything).
build_gpparity() {
    local dir=${1:-$GPPARITY_ROOT/build} type=${2:-RelWithDebInfo}
    local targets=("${@:3}")
    local jobs; jobs=$(nproc 2>/dev/null || echo 2)
    log "configuring ($type) in $dir"
    cmake -S "$GPPARITY_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" ${GPPARITY_CMAKE_ARGS:-} >/dev/null
    log "building with $jobs jobs${targets[0]:+ (${targets[*]})}"
    cmake --build "$dir" -j "$jobs" ${targets[0]:+--target "${targets[@]}"}
}

# Builds the server-side digest (extension/) and installs it into the PostgreSQL the harness
# runs (/usr/lib/postgresql/<newest>) and into each Greenplum install the tests use (the
# gp-cluster installs under GP_CLUSTER_DIR, when GPPARITY_TEST_GP6 / GP7 are set). The library
# is loaded at CREATE EXTENSION, so running clusters need no restart. Writing into the system
# PostgreSQL needs root (or sudo -n).
install_digest_extension() {
    local pg_config sudo=()
    pg_config=$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1)
    [ -x "$pg_config" ] || die "no pg_config under /usr/lib/postgresql (apt-get install postgresql-server-dev-15)"
    if [ ! -w "$("$pg_config" --pkglibdir)" ]; then
        sudo -n true 2>/dev/null || die "installing the gpparity extension into $("$pg_config" --pkglibdir) needs root (or sudo -n)"
        sudo=(sudo -n)
    fi
    log "building and installing the gpparity extension for $("$pg_config" --version)"
    "${sudo[@]}" "$GPPARITY_ROOT/extension/build-install" "$pg_config" >/dev/null
    local v gp_dir=${GP_CLUSTER_DIR:-/tmp/gpparity-gp}
    for v in 6 7; do
        local var=GPPARITY_TEST_GP$v
        [ -n "${!var:-}" ] || continue
        [ -x "$gp_dir/gp$v/bin/pg_config" ] || die "$var is set but $gp_dir/gp$v/bin/pg_config is missing (GP_CLUSTER_DIR?)"
        log "building and installing the gpparity extension for Greenplum $v"
        "$GPPARITY_ROOT/extension/build-install" "$gp_dir/gp$v/bin/pg_config" >/dev/null
    done
}
