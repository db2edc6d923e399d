#include "verify/snapshot_data.hpp"

#include "catalog/error.hpp"
#include "verify/json_integer.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace gpparity::verify {

namespace {

using checksum::DistributionPolicy;
using checksum::TableKind;

constexpr std::pair<TableKind, std::string_view> k_kinds[] = {
    {TableKind::table, "table"},
    {TableKind::partition_root, "partition_root"},
    {TableKind::partition_leaf, "partition_leaf"},
    {TableKind::intermediate, "intermediate"},
    {TableKind::external, "external"},
    {TableKind::foreign, "foreign"},
    {TableKind::matview, "matview"},
    {TableKind::in_root, "in_root"},
};

constexpr std::pair<DistributionPolicy::Kind, std::string_view> k_policies[] = {
    {DistributionPolicy::Kind::none, "none"},
    {DistributionPolicy::Kind::hash, "hash"},
    {DistributionPolicy::Kind::random, "random"},
    {DistributionPolicy::Kind::replicated, "replicated"},
};

std::string_view to_string_policy(DistributionPolicy::Kind kind) noexcept {
    for (const auto& [k, name] : k_policies) {
        if (k == kind) {
            return name;
        }
    }
    return "none";
}

nlohmann::json strings(const std::vector<std::string>& values) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : values) {
        out.push_back(v);
    }
    return out;
}

std::vector<std::string> strings_from(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return out;
    }
    if (!it->is_array()) {
        throw catalog::UsageError(std::string("\"") + key + "\" is not an array");
    }
    for (const auto& v : *it) {
        if (!v.is_string()) {
            throw catalog::UsageError(std::string("\"") + key + "\" holds a non-string");
        }
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::string string_from(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
        throw catalog::UsageError(std::string("\"") + key + "\" is missing or not a string");
    }
    return it->get<std::string>();
}

template <typename T> bool parse_number(std::string_view text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

nlohmann::json table_to_json(const SnapshotTable& t) {
    const checksum::TableSpec& s = t.spec;
    nlohmann::json policy = {
        {"kind", to_string_policy(s.policy.kind)},
        {"numsegments", s.policy.numsegments},
        {"keys", strings(s.policy.keys)},
        {"key_columns", strings(s.policy.key_columns)},
        {"key_opclasses", strings(s.policy.key_opclasses)},
        {"enum_key", s.policy.enum_key},
    };
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : s.columns) {
        columns.push_back({c.name, c.type_name});
    }
    nlohmann::json j = {
        {"t", s.identity},
        {"schema", s.schema},
        {"name", s.name},
        {"kind", to_string(s.kind)},
        {"populated", s.populated},
        {"columns", std::move(columns)},
        {"digest_columns", strings(t.digest_columns)},
        {"excluded", strings(t.excluded_columns)},
        {"policy", std::move(policy)},
        {"primary_key", strings(s.primary_key)},
        {"read", t.read},
        {"digests", digests_text(t.segments, false)},
        {"error", t.error ? nlohmann::json(*t.error) : nlohmann::json()},
    };
    if (!s.root_name.empty()) {
        j["root"] = {s.root_schema, s.root_name};
    }
    return j;
}

SnapshotTable table_from_json(const nlohmann::json& j) {
    if (!j.is_object()) {
        throw catalog::UsageError("a data table entry is not a JSON object");
    }
    SnapshotTable t;
    checksum::TableSpec& s = t.spec;
    s.identity = string_from(j, "t");
    try {
        s.schema = string_from(j, "schema");
        s.name = string_from(j, "name");
        auto kind = parse_table_kind(string_from(j, "kind"));
        if (!kind) {
            throw catalog::UsageError("unknown table kind");
        }
        s.kind = *kind;
        s.populated = j.at("populated").get<bool>();
        if (auto root = j.find("root"); root != j.end()) {
            if (!root->is_array() || root->size() != 2) {
                throw catalog::UsageError("\"root\" is not [schema, name]");
            }
            s.root_schema = (*root)[0].get<std::string>();
            s.root_name = (*root)[1].get<std::string>();
        }
        for (const auto& c : j.at("columns")) {
            s.columns.push_back(
                checksum::ColumnSpec{c.at(0).get<std::string>(), 0, c.at(1).get<std::string>()});
        }
        t.digest_columns = strings_from(j, "digest_columns");
        t.excluded_columns = strings_from(j, "excluded");
        s.primary_key = strings_from(j, "primary_key");
        const nlohmann::json& policy = j.at("policy");
        std::string policy_kind = string_from(policy, "kind");
        auto pk = std::find_if(std::begin(k_policies), std::end(k_policies),
                               [&](const auto& p) { return p.second == policy_kind; });
        if (pk == std::end(k_policies)) {
            throw catalog::UsageError("unknown distribution policy \"" + policy_kind + "\"");
        }
        s.policy.kind = pk->first;
        s.policy.numsegments = json_integer<int>(policy.at("numsegments"), "numsegments");
        s.policy.keys = strings_from(policy, "keys");
        s.policy.key_columns = strings_from(policy, "key_columns");
        s.policy.key_opclasses = strings_from(policy, "key_opclasses");
        s.policy.enum_key = policy.at("enum_key").get<bool>();
        t.read = j.at("read").get<bool>();
        t.segments = digests_from_text(string_from(j, "digests"));
        if (auto error = j.find("error"); error != j.end() && !error->is_null()) {
            t.error = error->get<std::string>();
        }
    } catch (const catalog::UsageError& e) {
        throw catalog::UsageError("data of table " + s.identity + ": " + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw catalog::UsageError("data of table " + s.identity + ": malformed: " + e.what());
    }
    return t;
}

} // namespace

std::string digests_text(const std::vector<SnapshotSegment>& segments, bool keep_empty) {
    std::string out;
    out.reserve(segments.size() * 48);
    for (const auto& [content, digest] : segments) {
        if (!keep_empty && digest.count == 0 && digest.sum == checksum::Hash128{}) {
            continue;
        }
        if (!out.empty()) {
            out.push_back(' ');
        }
        out += std::to_string(content);
        out.push_back(' ');
        out += std::to_string(digest.count);
        out.push_back(' ');
        out += checksum::to_hex(digest.sum);
    }
    return out;
}

std::vector<SnapshotSegment> digests_from_text(std::string_view text) {
    std::vector<SnapshotSegment> out;
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t space = text.find(' ', pos);
        if (space == std::string_view::npos) {
            space = text.size();
        }
        words.push_back(text.substr(pos, space - pos));
        pos = space + 1;
    }
    out.reserve(words.size() / 3);
    if (words.size() % 3 != 0) {
        throw catalog::UsageError("\"digests\" is not a list of content count sum triples");
    }
    for (std::size_t i = 0; i < words.size(); i += 3) {
        int content = 0;
        checksum::MultisetDigest digest;
        if (!parse_number(words[i], content) || !parse_number(words[i + 1], digest.count) ||
            !checksum::from_hex(words[i + 2], digest.sum)) {
            throw catalog::UsageError("malformed digest \"" + std::string(words[i]) + " " +
                                      std::string(words[i + 1]) + " " + std::string(words[i + 2]) +
                                      "\"");
        }
        if (!out.empty() && out.back().content >= content) {
            throw catalog::UsageError("segment " + std::to_string(content) +
                                      " out of order or twice");
        }
        out.push_back(SnapshotSegment{content, digest});
    }
    return out;
}

std::string_view to_string(TableKind kind) noexcept {
    for (const auto& [k, name] : k_kinds) {
        if (k == kind) {
            return name;
        }
    }
    return "table";
}

std::optional<TableKind> parse_table_kind(std::string_view name) noexcept {
    for (const auto& [k, n] : k_kinds) {
        if (n == name) {
            return k;
        }
    }
    return std::nullopt;
}

nlohmann::json snapshot_data_to_json(const SnapshotData& data) {
    std::vector<const SnapshotTable*> order;
    order.reserve(data.tables.size());
    for (const auto& t : data.tables) {
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(), [](const SnapshotTable* a, const SnapshotTable* b) {
        return a->spec.identity < b->spec.identity;
    });
    nlohmann::json tables = nlohmann::json::array();
    for (const SnapshotTable* t : order) {
        tables.push_back(table_to_json(*t));
    }
    nlohmann::json contents = nlohmann::json::array();
    for (int c : data.segment_contents) {
        contents.push_back(c);
    }
    return {{"version", data.version},         {"strategy", data.strategy},
            {"encoding", data.encoding},       {"flavor", data.flavor},
            {"numsegments", data.numsegments}, {"segments", std::move(contents)},
            {"tables", std::move(tables)}};
}

SnapshotData snapshot_data_from_json(const nlohmann::json& json) {
    if (!json.is_object()) {
        throw catalog::UsageError("\"data\" is not a JSON object");
    }
    SnapshotData data;
    auto version = json.find("version");
    if (version == json.end() || !version->is_number_integer()) {
        throw catalog::UsageError("\"data\" has no version");
    }
    data.version = version->get<int>();
    if (data.version != k_snapshot_data_version) {
        throw catalog::UsageError("data version " + std::to_string(data.version) +
                                  " is not supported (this gpparity reads version " +
                                  std::to_string(k_snapshot_data_version) + ")");
    }
    try {
        data.strategy = string_from(json, "strategy");
        data.encoding = string_from(json, "encoding");
        data.flavor = string_from(json, "flavor");
        data.numsegments = json_integer<int>(json.at("numsegments"), "numsegments");
        for (const auto& c : json.at("segments")) {
            data.segment_contents.push_back(json_integer<int>(c, "a segment content id"));
        }
        const nlohmann::json& tables = json.at("tables");
        if (!tables.is_array()) {
            throw catalog::UsageError("\"tables\" is not an array");
        }
        data.tables.reserve(tables.size());
        for (const auto& t : tables) {
            data.tables.push_back(table_from_json(t));
        }
    } catch (const nlohmann::json::exception& e) {
        throw catalog::UsageError(std::string("\"data\" is malformed: ") + e.what());
    }
    std::sort(data.tables.begin(), data.tables.end(),
              [](const SnapshotTable& a, const SnapshotTable& b) {
                  return a.spec.identity < b.spec.identity;
              });
    return data;
}

void require_comparable(const SnapshotData& data, std::string_view strategy,
                        std::string_view encoding, const std::string& what) {
    if (data.strategy != strategy) {
        throw catalog::UsageError(
            what + " holds " + data.strategy + " digests; this run computes " +
            std::string(strategy) +
            " digests: digests of different strategies cannot be compared (take the snapshot "
            "with the same --strategy)");
    }
    if (data.encoding != encoding) {
        throw catalog::UsageError(what + " holds digests of encoding " + data.encoding +
                                  "; this run computes encoding " + std::string(encoding) +
                                  ": digests of different encoding versions cannot be compared "
                                  "(take the snapshot again with this gpparity)");
    }
}

} // namespace gpparity::verify
