#pragma once
/// The progress line on standard error (`check --progress`, or by default when standard error
/// is a terminal): tables done of total, rows/s, bytes/s and an ETA from the share of tables
/// done, redrawn in place at most twice a second (verify/progress.hpp throttles the calls).

#include "verify/duration.hpp"
#include "verify/progress.hpp"

#include <cstdio>
#include <iostream>
#include <string>

namespace gpparity::cli {

class ProgressPrinter {
public:
    explicit ProgressPrinter(std::ostream& out) : m_out(out) {}

    /// The callback for DataRunOptions::progress; the printer must outlive the run.
    [[nodiscard]] verify::ProgressCallback callback() {
        return [this](const verify::ProgressState& s) { print(s); };
    }

    /// Ends the line (when one was drawn).
    void finish() {
        if (m_drawn) {
            m_out << "\n" << std::flush;
            m_drawn = false;
        }
    }

    /// "12/340 tables, 1.2 M rows/s, 45.0 MB/s, ETA 3 min 20 s": one progress line.
    [[nodiscard]] static std::string line(const verify::ProgressState& s) {
        double elapsed = s.elapsed_s > 0 ? s.elapsed_s : 1e-9;
        std::string eta = "?";
        if (s.final) {
            eta = "done in " + verify::format_duration(s.elapsed_s);
        } else if (s.tables_done > 0 && s.tables_total >= s.tables_done) {
            double left = elapsed * static_cast<double>(s.tables_total - s.tables_done) /
                          static_cast<double>(s.tables_done);
            eta = "ETA " + verify::format_duration(left);
        } else {
            eta = "ETA ?";
        }
        return std::to_string(s.tables_done) + "/" + std::to_string(s.tables_total) + " tables, " +
               scaled(static_cast<double>(s.rows) / elapsed, "rows/s") + ", " +
               scaled(static_cast<double>(s.bytes) / elapsed, "B/s") + ", " + eta;
    }

private:
    static std::string scaled(double value, const char* unit) {
        const char* prefix = "";
        for (const char* p : {"k", "M", "G", "T"}) {
            if (value < 1000) {
                break;
            }
            value /= 1000;
            prefix = p;
        }
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.1f %s%s", value, prefix, unit);
        return buf;
    }

    void print(const verify::ProgressState& s) {
        // \r and erase-to-end-of-line: the line is redrawn in place.
        m_out << "\rgpparity: " << line(s) << "\x1b[K" << std::flush;
        m_drawn = true;
    }

    std::ostream& m_out;
    bool m_drawn = false;
};

} // namespace gpparity::cli
