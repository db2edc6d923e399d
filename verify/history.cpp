#include "verify/history.hpp"

#include "catalog/error.hpp"
#include "verify/duration.hpp"
#include "verify/json_integer.hpp"
#include "verify/output_file.hpp"
#include "verify/sha256.hpp"
#include "verify/write_common.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace gpparity::verify {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// `<started>[.<n>]-<command>-<scope>.json`; group 4 is the scope.
const std::regex& kept_name_pattern() {
    static const std::regex k_pattern(R"(^(\d{8}T\d{6}Z)(\.\d+)?-([a-z]+)-([0-9a-f]{12})\.json$)");
    return k_pattern;
}

std::string text_at(const json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// Whether an item of `section` with `status` needs attention: what history tracks.
bool needs_attention(std::string_view section, std::string_view status) {
    if (section == "catalog") {
        return status != "expected_change";
    }
    return status != "match" && status != "count_match" && status != "not_applicable";
}

std::string item_key(std::string_view section, std::string_view kind, std::string_view database,
                     std::string_view object) {
    std::string key(section);
    for (std::string_view part : {kind, database, object}) {
        key += '\x1f';
        key += part;
    }
    return key;
}

std::string item_key(const ResolvedItem& item) {
    return item_key(item.section, item.kind, item.database, item.object);
}

/// The items of a kept report that needed attention, in its order.
std::vector<ResolvedItem> attention_items(const json& report) {
    std::vector<ResolvedItem> items;
    const json& catalog = report.at("catalog");
    if (catalog.is_object()) {
        for (const json& f : catalog.at("findings")) {
            ResolvedItem item{"catalog", f.at("kind").get<std::string>(),
                              f.at("object").get<std::string>(), f.at("status").get<std::string>(),
                              text_at(f, "database")};
            if (needs_attention(item.section, item.previous_status)) {
                items.push_back(std::move(item));
            }
        }
    }
    const json& data = report.at("data");
    if (data.is_object()) {
        for (const json& t : data.at("tables")) {
            ResolvedItem item{"data", "table", t.at("table").get<std::string>(),
                              t.at("status").get<std::string>(), text_at(t, "database")};
            if (needs_attention(item.section, item.previous_status)) {
                items.push_back(std::move(item));
            }
        }
    }
    return items;
}

/// started "2026-12-04T02:00:00Z" -> "20261204T020000Z".
std::string compact_time(const std::string& started) {
    std::string out;
    for (char c : started) {
        if (c != '-' && c != ':') {
            out += c;
        }
    }
    return out;
}

json read_json_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

/// The kept files of `scope` in `dir`, oldest first.
std::vector<std::string> kept_files(const fs::path& dir, const std::string& scope) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        std::smatch m;
        if (entry.is_regular_file() && std::regex_match(name, m, kept_name_pattern()) &&
            (scope.empty() || m[4] == scope)) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string count_cell(const std::optional<std::size_t>& count) {
    return count ? std::to_string(*count) : "-";
}

} // namespace

std::string history_scope(const json& report) {
    const json& options = report.at("options");
    const json& data = report.at("data");
    json scope = {
        {"command", report.at("command")},
        {"source", text_at(options, "source")},
        {"target", text_at(options, "target")},
        {"source_database", text_at(report.at("source"), "database")},
        {"target_database", text_at(report.at("target"), "database")},
        {"include", text_at(options, "include")},
        {"exclude", text_at(options, "exclude")},
        {"mode", data.is_object() ? text_at(data, "mode") : std::string()},
    };
    // Added only when set, so the scopes of runs kept before --all-databases existed stay.
    for (const char* key : {"all_databases", "include_database", "exclude_database"}) {
        if (const std::string value = text_at(options, key); !value.empty()) {
            scope[key] = value;
        }
    }
    return sha256_hex(scope.dump()).substr(0, 12);
}

std::string history_file_name(const json& report) {
    return compact_time(report.at("started").get<std::string>()) + "-" +
           report.at("command").get<std::string>() + "-" + history_scope(report) + ".json";
}

void compare_with_previous(Report& report, const json& previous, const std::string& previous_file) {
    const std::vector<ResolvedItem> before_items = attention_items(previous);
    std::set<std::string> before;
    for (const auto& item : before_items) {
        before.insert(item_key(item));
    }
    HistorySummary& summary = report.history ? *report.history : report.history.emplace();
    summary.previous_file = previous_file;
    summary.previous_started = previous.at("started").get<std::string>();
    summary.previous_verdict = previous.at("verdict").get<std::string>();
    summary.new_items = 0;
    summary.persisting = 0;
    summary.resolved.clear();
    std::set<std::string> now;
    auto mark = [&](std::string key, std::string& since_last) {
        since_last = before.contains(key) ? "persisting" : "new";
        ++(since_last == "new" ? summary.new_items : summary.persisting);
        now.insert(std::move(key));
    };
    if (report.catalog) {
        for (auto& f : report.catalog->findings) {
            f.since_last.clear();
            if (needs_attention("catalog", catalog::to_string(f.status))) {
                mark(item_key("catalog", catalog::to_string(f.kind), f.database, f.object),
                     f.since_last);
            }
        }
    }
    if (report.data) {
        for (auto& t : report.data->tables) {
            t.since_last.clear();
            if (needs_attention("data", checksum::to_string(t.status))) {
                mark(item_key("data", "table", t.database, t.table), t.since_last);
            }
        }
    }
    for (const auto& item : before_items) {
        if (now.insert(item_key(item)).second) {
            summary.resolved.push_back(item);
        }
    }
}

void prepare_history_dir(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw catalog::UsageError("--history " + dir.string() + ": not a directory");
    }
    fs::create_directories(dir, ec);
    if (ec) {
        throw catalog::UsageError("--history " + dir.string() + ": cannot create: " + ec.message());
    }
    if (!fs::is_directory(dir, ec)) {
        throw catalog::UsageError("--history " + dir.string() + ": not a directory");
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        throw catalog::UsageError("--history " + dir.string() +
                                  ": cannot write: " + std::strerror(errno));
    }
}

std::string history_scope_before(const Report& started, const std::string& mode) {
    json report = report_to_json(started);
    report["data"] = mode.empty() ? json() : json{{"mode", mode}};
    return history_scope(report);
}

fs::path digest_store_path(const fs::path& dir, const std::string& scope) {
    return dir / ("digests-" + scope + ".json");
}

std::optional<DigestStore> load_digest_store(const fs::path& path,
                                             std::vector<std::string>& warnings) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return std::nullopt;
    }
    try {
        return digest_store_from_json(read_json_file(path));
    } catch (const std::exception& e) {
        warnings.push_back("--skip-unchanged: " + path.string() + " cannot be read (" + e.what() +
                           "): every table was read");
        return std::nullopt;
    }
}

void save_digest_store(const fs::path& path, const DigestStore& store) {
    write_file_atomically(path.string(), digest_store_to_json(store).dump(),
                          "digest store " + path.string());
}

void record_history(Report& report, const HistoryOptions& options) {
    report.history = HistorySummary{};
    report.history->dir = options.dir.string();
    const json current = report_to_json(report);
    const std::string scope = history_scope(current);
    std::vector<std::string> kept;
    try {
        kept = kept_files(options.dir, scope);
    } catch (const fs::filesystem_error& e) {
        report.errors.push_back("history: cannot list " + options.dir.string() + ": " +
                                e.code().message());
        return;
    }
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        try {
            compare_with_previous(report, read_json_file(options.dir / *it), *it);
            break;
        } catch (const std::exception& e) {
            report.history->previous_file.reset();
            report.warnings.push_back("history: " + *it + " is not a readable report (" + e.what() +
                                      "): compared with an earlier one");
        }
    }
    // The name is unique within the directory: a second run in the same second gets ".2".
    std::string name = history_file_name(current);
    const std::string stem = name.substr(0, 16);
    const std::string rest = name.substr(16);
    for (int n = 2; fs::exists(options.dir / name); ++n) {
        name = stem;
        name += '.';
        name += std::to_string(n);
        name += rest;
    }
    try {
        write_file_atomically((options.dir / name).string(), render_json(report),
                              "history " + (options.dir / name).string());
    } catch (const catalog::Error& e) {
        report.errors.push_back(e.what());
        return;
    }
    kept.push_back(name);
    std::sort(kept.begin(), kept.end());
    const std::size_t keep = static_cast<std::size_t>(std::max(options.keep, 1));
    for (std::size_t i = 0; i + keep < kept.size(); ++i) {
        std::error_code ec;
        fs::remove(options.dir / kept[i], ec);
        if (ec) {
            report.warnings.push_back("history: cannot remove " + kept[i] + " (beyond --keep " +
                                      std::to_string(keep) + "): " + ec.message());
        }
    }
}

HistoryEntry history_entry(const json& report, const std::string& file) {
    HistoryEntry entry;
    entry.file = file;
    entry.started = report.at("started").get<std::string>();
    entry.command = report.at("command").get<std::string>();
    entry.verdict = report.at("verdict").get<std::string>();
    entry.duration_s = report.at("duration_s").get<double>();
    entry.scope = history_scope(report);
    const std::string database = text_at(report.at("target"), "database");
    const std::string target = text_at(report.at("options"), "target");
    entry.target = database + (target.empty() ? "" : " (" + target + ")");
    const auto it = report.find("history");
    if (it != report.end() && it->is_object() && !it->at("previous").is_null()) {
        entry.new_items = json_integer<std::size_t>(it->at("new"), "history.new");
        entry.persisting = json_integer<std::size_t>(it->at("persisting"), "history.persisting");
        entry.resolved = json_integer<std::size_t>(it->at("resolved"), "history.resolved");
    }
    return entry;
}

std::vector<HistoryEntry> list_history(const fs::path& dir, std::vector<std::string>& unreadable) {
    std::vector<std::string> names;
    try {
        names = kept_files(dir, {});
    } catch (const fs::filesystem_error& e) {
        throw catalog::UsageError("history " + dir.string() +
                                  ": cannot list: " + e.code().message());
    }
    std::vector<HistoryEntry> entries;
    for (const auto& name : names) {
        try {
            entries.push_back(history_entry(read_json_file(dir / name), name));
        } catch (const std::exception& e) {
            unreadable.push_back(name + ": " + e.what());
        }
    }
    // By start time across scopes (names sort by time within one).
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const HistoryEntry& a, const HistoryEntry& b) { return a.started < b.started; });
    return entries;
}

json history_to_json(const std::vector<HistoryEntry>& entries) {
    auto count = [](const std::optional<std::size_t>& c) { return c ? json(*c) : json(); };
    json out = json::array();
    for (const auto& e : entries) {
        out.push_back({{"file", e.file},
                       {"started", e.started},
                       {"command", e.command},
                       {"verdict", e.verdict},
                       {"scope", e.scope},
                       {"target", e.target},
                       {"duration_s", e.duration_s},
                       {"new", count(e.new_items)},
                       {"persisting", count(e.persisting)},
                       {"resolved", count(e.resolved)}});
    }
    return out;
}

std::string render_history(const std::vector<HistoryEntry>& entries) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back(
        {"started", "command", "verdict", "new", "persisting", "resolved", "took", "target"});
    for (const auto& e : entries) {
        // Kept files are outside bytes: every cell is made printable.
        rows.push_back({detail::printable(e.started), detail::printable(e.command),
                        detail::printable(e.verdict), count_cell(e.new_items),
                        count_cell(e.persisting), count_cell(e.resolved),
                        format_duration(e.duration_s), detail::printable(e.target)});
    }
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            width[c] = std::max(width[c], detail::display_width(row[c]));
        }
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool numeric = c >= 3 && c <= 5;
            const std::string pad(width[c] - detail::display_width(row[c]), ' ');
            line += numeric ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
            if (c + 1 < row.size()) {
                line += "  ";
            }
        }
        out += line + "\n";
    }
    return out;
}

} // namespace gpparity::verify
