#include "verify/all_databases.hpp"

#include "catalog/filter.hpp"

#include <algorithm>
#include <map>

namespace gpparity::verify {

bool is_cluster_wide(catalog::ObjectKind kind) noexcept {
    using catalog::ObjectKind;
    return kind == ObjectKind::role || kind == ObjectKind::tablespace ||
           kind == ObjectKind::resource_queue || kind == ObjectKind::resource_group;
}

std::vector<PlannedDatabase> plan_databases(const std::vector<std::string>& source,
                                            const std::vector<std::string>& target,
                                            const std::vector<std::string>& include,
                                            const std::vector<std::string>& exclude) {
    std::map<std::string, PlannedDatabase> by_name;
    for (const auto& name : source) {
        by_name[name].on_source = true;
    }
    for (const auto& name : target) {
        by_name[name].on_target = true;
    }
    std::vector<PlannedDatabase> out;
    for (auto& entry : by_name) {
        const std::string& name = entry.first;
        PlannedDatabase& planned = entry.second;
        auto matches = [&name](const std::vector<std::string>& globs) {
            return std::any_of(globs.begin(), globs.end(), [&name](const auto& glob) {
                return catalog::glob_match(glob, name);
            });
        };
        if ((include.empty() || matches(include)) && !matches(exclude)) {
            planned.name = name;
            out.push_back(planned);
        }
    }
    return out;
}

namespace {

constexpr std::string_view k_snapshot_suffix = ".snapshot";

bool is_plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// "database shop: <text>".
std::string in_database(const std::string& name, const std::string& text) {
    std::string out = "database ";
    out += name;
    out += ": ";
    out += text;
    return out;
}

void merge_catalog(CatalogSection& into, CatalogSection from, const std::string& database,
                   bool keep_cluster_wide) {
    for (auto& f : from.findings) {
        if (is_cluster_wide(f.kind)) {
            if (keep_cluster_wide) {
                into.findings.push_back(std::move(f));
            }
            continue;
        }
        f.database = database;
        into.findings.push_back(std::move(f));
    }
    for (const auto& [kind, count] : from.compared) {
        const auto parsed = catalog::parse_object_kind(kind);
        if (!parsed || !is_cluster_wide(*parsed) || keep_cluster_wide) {
            into.compared[kind] += count;
        }
    }
}

} // namespace

std::string snapshot_file_name(const std::string& database) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : database) {
        if (is_plain(c)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += k_hex[byte >> 4U];
            out += k_hex[byte & 0x0FU];
        }
    }
    return out + std::string(k_snapshot_suffix);
}

std::optional<std::string> database_of_snapshot_file(std::string_view file_name) {
    if (file_name.size() <= k_snapshot_suffix.size() ||
        file_name.substr(file_name.size() - k_snapshot_suffix.size()) != k_snapshot_suffix) {
        return std::nullopt;
    }
    file_name.remove_suffix(k_snapshot_suffix.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    std::string name;
    for (std::size_t i = 0; i < file_name.size(); ++i) {
        const char c = file_name[i];
        if (is_plain(c)) {
            name += c;
            continue;
        }
        if (c != '%' || i + 2 >= file_name.size() || hex(file_name[i + 1]) < 0 ||
            hex(file_name[i + 2]) < 0) {
            return std::nullopt;
        }
        name += static_cast<char>(hex(file_name[i + 1]) * 16 + hex(file_name[i + 2]));
        i += 2;
    }
    // Only the name snapshot_file_name gives: one spelling per database.
    if (name.empty() || snapshot_file_name(name) != std::string(file_name) + ".snapshot") {
        return std::nullopt;
    }
    return name;
}

void merge_database_runs(Report& report, std::vector<DatabaseRun> runs,
                         const std::string& cluster_wide_from) {
    for (auto& run : runs) {
        const std::string& name = run.database.name;
        DatabaseResult result;
        result.name = name;
        if (!run.database.on_source || !run.database.on_target) {
            result.status = run.database.on_source ? "missing_in_target" : "extra_in_target";
            if (!report.catalog) {
                report.catalog.emplace();
            }
            catalog::Finding finding;
            finding.kind = catalog::ObjectKind::database;
            finding.object = run.identity;
            finding.status = run.database.on_source ? catalog::FindingStatus::missing_in_target
                                                    : catalog::FindingStatus::extra_in_target;
            finding.database = name;
            report.catalog->findings.push_back(std::move(finding));
        } else if (!run.report) {
            result.status = "error";
            result.message = run.error;
            report.errors.push_back(in_database(name, run.error));
        } else {
            Report& r = *run.report;
            if (r.catalog) {
                merge_catalog(report.catalog ? *report.catalog : report.catalog.emplace(),
                              std::move(*r.catalog), name, name == cluster_wide_from);
            }
            if (r.data) {
                if (!report.data) {
                    report.data.emplace();
                    report.data->strategy = r.data->strategy;
                    report.data->mode = r.data->mode;
                }
                for (auto& t : r.data->tables) {
                    t.database = name;
                    report.data->tables.push_back(std::move(t));
                }
                if (r.data->reuse) {
                    ReuseSummary& sum =
                        report.data->reuse ? *report.data->reuse : report.data->reuse.emplace();
                    sum.tables += r.data->reuse->tables;
                    sum.rows += r.data->reuse->rows;
                    sum.max_age_s = r.data->reuse->max_age_s;
                }
            }
            for (const auto& w : r.warnings) {
                report.warnings.push_back(in_database(name, w));
            }
            for (const auto& e : r.errors) {
                report.errors.push_back(in_database(name, e));
            }
            for (auto& [option, value] : r.options) {
                report.options.emplace(option, value); // the whole run's own options win
            }
        }
        report.databases.push_back(std::move(result));
    }
}

} // namespace gpparity::verify
