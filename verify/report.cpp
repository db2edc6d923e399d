#include "verify/report.hpp"

#include <algorithm>
#include <tuple>

namespace gpparity::verify {

Verdict verdict_of(const Report& report) {
    Verdict verdict = Verdict::pass;
    if (!report.errors.empty()) {
        verdict = combine(verdict, Verdict::incomplete);
    }
    if (report.catalog) {
        for (const auto& f : report.catalog->findings) {
            if (catalog::fails_verdict(f.status)) {
                verdict = combine(verdict, Verdict::fail);
            }
        }
    }
    if (report.data) {
        for (const auto& t : report.data->tables) {
            if (checksum::is_incomplete(t.status)) {
                verdict = combine(verdict, Verdict::incomplete);
            } else if (checksum::is_difference(t.status)) {
                verdict = combine(verdict, Verdict::fail);
            }
        }
    }
    return verdict;
}

void sort_report(Report& report) {
    if (report.catalog) {
        auto& f = report.catalog->findings;
        std::stable_sort(f.begin(), f.end(),
                         [](const catalog::Finding& a, const catalog::Finding& b) {
                             return std::tie(a.status, a.kind, a.database, a.object) <
                                    std::tie(b.status, b.kind, b.database, b.object);
                         });
    }
    if (report.data) {
        auto& t = report.data->tables;
        std::stable_sort(t.begin(), t.end(),
                         [](const checksum::TableResult& a, const checksum::TableResult& b) {
                             return std::tie(a.database, a.table) < std::tie(b.database, b.table);
                         });
    }
}

} // namespace gpparity::verify
