# Shared by scripts/test, scripts/demo and scripts/with-servers. Source it; it defines functions.
# shellcheck shell=bash

GPPARITY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages the build, the tests, the harness and the house-rule checks (scripts/check-format,
# scripts/check-tidy: clang-format and clang-tidy 14) need.
GPPARITY_PACKAGES=(g++ cmake make pkg-config libpq-dev libxxhash-dev libtbb-dev libcli11-dev
                   nlohmann-json3-dev libgtest-dev zlib1g-dev postgresql postgresql-contrib
                   libxml2-utils clang-format clang-tidy)

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

# Configures and builds into $1 (default build/), returns the path of the binary dir.
build_gpparity() {
    local dir=${1:-$GPPARITY_ROOT/build} type=${2:-RelWithDebInfo}
    local jobs; jobs=$(nproc 2>/dev/null || echo 2)
    log "configuring ($type) in $dir"
    cmake -S "$GPPARITY_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" ${GPPARITY_CMAKE_ARGS:-} >/dev/null
    log "building with $jobs jobs"
    cmake --build "$dir" -j "$jobs"
}
