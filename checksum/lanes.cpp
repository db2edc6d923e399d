#include "checksum/lanes.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

namespace gpparity::checksum {

void run_lanes(std::size_t lane_count, const std::function<void(std::size_t)>& run_lane) {
    if (lane_count == 0) {
        return;
    }
    auto threads = static_cast<int>(lane_count);
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, lane_count + 1);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, lane_count, 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t l = range.begin(); l != range.end(); ++l) {
                    run_lane(l);
                }
            },
            tbb::simple_partitioner());
    });
}

} // namespace gpparity::checksum
