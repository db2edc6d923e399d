#pragma once
/// Runs blocking lanes in parallel under one oneTBB task_arena: the shared scheduling core of
/// the stream engine and the pushdown runner. A lane waits on a server, not the CPU, so the
/// arena gets one thread per lane even on a machine with fewer cores (callers bound the lane
/// count by --jobs per side).

#include <cstddef>
#include <functional>

namespace gpparity::checksum {

/// Calls `run_lane(l)` for every l in [0, lane_count), each on its own arena slot, and returns
/// when all have returned. `run_lane` must not throw (lanes record their own failures).
void run_lanes(std::size_t lane_count, const std::function<void(std::size_t)>& run_lane);

} // namespace gpparity::checksum
