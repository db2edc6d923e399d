# Sourced by scripts/test after scripts/lib/common.sh (log, die). Defines build_tsan_tbb.
# shellcheck shell=bash

# Builds libtbb, and only libtbb, with -DTBB_SANITIZE=thread from Debian's own source of the
# installed libtbb-dev into PREFIX, for a ThreadSanitizer build to find with
# -DTBB_DIR=PREFIX/lib/cmake/TBB. Debian's libtbb is not instrumented, so TSan does not see the
# synchronization of parallel_for and reports every result a TBB worker hands back. The same
# version as the system's keeps headers and library in step with what the other builds use. GCC
# (the default compiler) builds it, as it builds our TSan build: one libtsan in the process.
# Scratch work happens in SCRATCH (default PREFIX.build), removed once installed.
build_tsan_tbb() {
    local prefix scratch version started=$SECONDS
    prefix=$(realpath -m "${1:?usage: build_tsan_tbb PREFIX [SCRATCH]}")
    scratch=$(realpath -m "${2:-$prefix.build}")
    version=$(dpkg-query -W -f='${Version}' libtbb-dev 2>/dev/null) || die "libtbb-dev is not installed"
    # The stamp is written last, so a build cut short is done again; a new Debian version too.
    [ "$(cat "$prefix/.gpparity-tsan-tbb" 2>/dev/null)" = "$version" ] && return 0

    # apt-get source needs dpkg-dev and deb-src entries, which a clean Debian 12 lacks. They go
    # in a file of our own beside debian.sources (every stanza, deb turned deb-src: a security
    # update's source is in bookworm-security), so the system's file stays as it was.
    if ! { command -v dpkg-source >/dev/null &&
           apt-cache showsrc onetbb 2>/dev/null | grep -qx "Version: $version"; }; then
        [ "$(id -u)" -eq 0 ] || die "building the TSan oneTBB needs Debian's onetbb $version source: run as root, or enable deb-src and apt-get install dpkg-dev"
        log "enabling deb-src to fetch onetbb $version"
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            > /etc/apt/sources.list.d/gpparity-deb-src.sources
        apt-get update -qq >/dev/null
        command -v dpkg-source >/dev/null || DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
    fi
    rm -rf "$scratch"
    mkdir -p "$scratch"
    local out=$scratch/log src
    if ! (cd "$scratch" && apt-get source onetbb="$version") >"$out" 2>&1; then
        tail -n 20 "$out" >&2
        die "apt-get source onetbb=$version failed (full log: $out)"
    fi
    src=$(find "$scratch" -mindepth 1 -maxdepth 1 -type d -name 'onetbb-*')
    log "fetched onetbb $version in $((SECONDS - started)) s"

    # TBB_STRICT's -Werror fails the build: GCC 12 warns (-Wtsan) that TSan does not model the
    # std::atomic_thread_fence of TBB's atomic_fence_seq_cst.
    # We link TBB::tbb alone: no tbbmalloc, no tbbbind (hwloc), no tests, no examples.
    started=$SECONDS
    if ! { cmake -S "$src" -B "$scratch/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
               -DCMAKE_INSTALL_PREFIX="$prefix" -DTBB_SANITIZE=thread -DTBB_STRICT=OFF \
               -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBBMALLOC_BUILD=OFF \
               -DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON &&
           cmake --build "$scratch/build" -j "$(nproc 2>/dev/null || echo 2)" &&
           cmake --install "$scratch/build"; } >>"$out" 2>&1; then
        tail -n 40 "$out" >&2
        die "building the TSan oneTBB failed (full log: $out)"
    fi
    log "built the TSan oneTBB in $((SECONDS - started)) s into $prefix"
    printf '%s\n' "$version" > "$prefix/.gpparity-tsan-tbb"
    rm -rf "$scratch"
}
