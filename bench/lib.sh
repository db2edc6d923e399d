# Shared by the benchmark scripts: source it after setting `root` (the repository).

# Exports GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7: as set, or from the clusters that
# ../shared/greenplum/gp-cluster starts (or finds running).
bench_greenplum_clusters() {
    if [ -z "${GPPARITY_TEST_GP6:-}" ] || [ -z "${GPPARITY_TEST_GP7:-}" ]; then
        local cluster=$root/../shared/greenplum/gp-cluster
        [ -f "$cluster" ] || { echo "set GPPARITY_TEST_GP6/GP7, or put shared/greenplum beside the repo" >&2; exit 2; }
        eval "$(bash "$cluster" up 6 7)"
    fi
    export GPPARITY_TEST_GP6 GPPARITY_TEST_GP7
}

# Sets GPPARITY_BIN: as set, or a Release build of gpparity in build/bench.
bench_binary() {
    if [ -z "${GPPARITY_BIN:-}" ]; then
        source "$root/scripts/lib/common.sh"
        export GPPARITY_CMAKE_ARGS="${GPPARITY_CMAKE_ARGS:--DGPPARITY_WERROR=OFF}"
        build_gpparity "$root/build/bench" Release >/dev/null
        GPPARITY_BIN=$root/build/bench/cli/gpparity
    fi
    export GPPARITY_BIN
}
