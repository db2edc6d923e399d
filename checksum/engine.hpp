#pragma once
/// The parallel checksum engine (DESIGN.md §3 step 6): runs scan items — one per (table, side,
/// segment), or per (table, side) when one stream carries every segment — under one oneTBB
/// task_arena with a slot per lane: at most `jobs` lanes per side, so at most `jobs` concurrent
/// sessions per cluster (lanes wait on the network, so the arena may exceed the core count).
/// Each lane keeps one session open and pulls items for its endpoint, so many small tables
/// share one connection. Each item writes only its own outcome slot. A query error on one item
/// becomes that item's error; any other failure, or an interrupt, stops every lane (their
/// server-side statements are cancelled) and is rethrown on the calling thread. Rows arrive
/// through ScanSource/ScanSession, so tests can feed rows without a server.

#include "checksum/interrupt.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/segment_digest.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// One open connection to one endpoint; used by one lane (thread) at a time.
class ScanSession {
public:
    virtual ~ScanSession() = default;
    /// Runs `sql` (a `COPY ... TO STDOUT (FORMAT binary)`) in its own read-only snapshot and
    /// hands every chunk of COPY data to `on_chunk`. Throws catalog::QueryError when the server
    /// rejects this scan (the session stays usable); anything else means the session is gone.
    /// If `on_chunk` throws, the session is left mid-COPY and must be discarded.
    virtual void scan(const std::string& sql,
                      const std::function<void(std::string_view)>& on_chunk) = 0;
    /// Asks the server to cancel the running statement. Callable from any thread.
    virtual void cancel() noexcept = 0;
};

/// Opens sessions to the endpoints of one side.
class ScanSource {
public:
    virtual ~ScanSource() = default;
    /// A session to `endpoint` (a segment content id; -1 = the coordinator or PostgreSQL).
    /// Throws catalog::ConnectionError when it cannot connect. Called from lane threads.
    virtual std::unique_ptr<ScanSession> open(int endpoint) = 0;
};

/// One stream to read.
struct ScanItem {
    int endpoint = -1; ///< which kind of session runs it
    std::string sql;
    const RowCodec* codec = nullptr; ///< owned by the caller; outlives the run
    int segment = -1; ///< the content id of the rows, unless codec has a leading segment id
    /// When set, every row is also checked against the segment its key dictates (owned by the
    /// caller; outlives the run).
    const PlacementCheck* placement = nullptr;
};

/// What one item produced.
struct ScanOutcome {
    std::map<int, SegmentDigest> segments; ///< content id -> digest (absent: no rows there)
    std::optional<std::string> error;      ///< set when the server rejected the scan
    bool done = false;                     ///< finished, successfully or with `error`
    std::uint64_t bytes = 0;               ///< COPY bytes received
    /// What the placement check found; set when the item had one.
    std::optional<PlacementFindings> placement;
};

/// One side's work.
struct SideScans {
    ScanSource* source = nullptr;
    std::vector<ScanItem> items;
};

struct EngineOptions {
    int jobs = 4;                   ///< concurrent sessions per side
    Interrupt* interrupt = nullptr; ///< Ctrl-C; may be null
};

/// Runs every item of every side. `outcomes` is resized to match `sides` (one slot per item)
/// and filled as items finish, so a caller that catches CancelledError still sees what did
/// finish. Throws catalog::CancelledError when interrupted; rethrows the first run-breaking
/// failure (connection lost, cannot connect) after stopping every lane. On return, every item's
/// outcome is done (checked: a missing one throws std::logic_error).
void run_scans(const std::vector<SideScans>& sides, const EngineOptions& options,
               std::vector<std::vector<ScanOutcome>>& outcomes);

/// Digests one stream of binary COPY chunks into `outcome` (the per-item work of run_scans,
/// exposed for tests and the bench). `stop` is polled between chunks.
class StreamDigester {
public:
    /// `placement`, when set, checks every row's segment into outcome.placement.
    StreamDigester(const RowCodec& codec, int segment, ScanOutcome& outcome,
                   const PlacementCheck* placement = nullptr);
    ~StreamDigester();
    StreamDigester(const StreamDigester&) = delete;
    StreamDigester& operator=(const StreamDigester&) = delete;
    void feed(std::string_view chunk);
    /// Throws DecodeError when the stream did not end cleanly.
    void finish();

private:
    class Sink;
    std::unique_ptr<Sink> m_sink;
    CopyBinaryParser m_parser;
};

} // namespace gpparity::checksum
