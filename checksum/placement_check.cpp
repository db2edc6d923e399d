#include "checksum/placement_check.hpp"

#include "checksum/compare.hpp"
#include "checksum/placement.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/table_spec.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace gpparity::checksum {

namespace {

constexpr int k_max_domain_depth = 16;

const TypeInfo* base_type(const TypeRegistry& types, std::uint32_t oid) {
    auto it = types.find(oid);
    const TypeInfo* t = it == types.end() ? nullptr : &it->second;
    // A domain hashes as its base type (its opclass is the base type's).
    for (int i = 0; t != nullptr && t->typtype == 'd' && i < k_max_domain_depth; ++i) {
        auto base = types.find(t->base_type);
        t = base == types.end() ? nullptr : &base->second;
    }
    return t;
}

PlacementCheckPlan not_checked(std::string note) {
    return {PlacementCheckPlan::Kind::not_checked, std::nullopt, std::move(note)};
}

std::string hex(std::string_view bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out = "\\x";
    for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        out += k_digits[b >> 4];
        out += k_digits[b & 15];
    }
    return out;
}

std::int64_t read_i64(std::string_view b) {
    return static_cast<std::int64_t>(read_u64(b.data()));
}

std::string two_digits(long v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02ld", v);
    return buf;
}

// PostgreSQL's epoch (2000-01-01) in days since 1970-01-01.
constexpr long k_pg_epoch_days = 10957;

std::string date_text(std::int64_t days_since_2000) {
    using namespace std::chrono;
    year_month_day ymd{sys_days{days{days_since_2000 + k_pg_epoch_days}}};
    int y = static_cast<int>(ymd.year());
    char buf[32];
    if (y <= 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u BC", 1 - y,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()));
    }
    return buf;
}

std::string time_text(std::int64_t us) {
    std::int64_t s = us / 1000000;
    std::int64_t frac = us % 1000000;
    std::string out = two_digits(static_cast<long>(s / 3600)) + ":" +
                      two_digits(static_cast<long>(s / 60 % 60)) + ":" +
                      two_digits(static_cast<long>(s % 60));
    if (frac != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, ".%06" PRId64, frac);
        std::string f = buf;
        while (f.back() == '0') {
            f.pop_back();
        }
        out += f;
    }
    return out;
}

std::string timestamp_text(std::int64_t us) {
    if (us == INT64_MAX) {
        return "infinity";
    }
    if (us == INT64_MIN) {
        return "-infinity";
    }
    constexpr std::int64_t k_day_us = 86400LL * 1000000LL;
    std::int64_t days = us / k_day_us;
    std::int64_t rest = us % k_day_us;
    if (rest < 0) {
        rest += k_day_us;
        --days;
    }
    return date_text(days) + " " + time_text(rest);
}

std::string float_text(double v, int digits) {
    if (std::isnan(v)) {
        return "NaN";
    }
    if (std::isinf(v)) {
        return v > 0 ? "Infinity" : "-Infinity";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

} // namespace

FloatNan float_nan_rule(catalog::Flavor flavor) noexcept {
    return flavor == catalog::Flavor::gp6 ? FloatNan::as_stored : FloatNan::canonical;
}

namespace {

// How one distribution key column hashes, or why gpparity cannot recompute it.
struct KeyHash {
    PlacementKey key;
    bool legacy = false;     ///< its opclass is a legacy cdbhash_* one
    std::string not_checked; ///< why the placement is not checked, or empty
};

KeyHash key_not_checked(std::string reason) {
    KeyHash out;
    out.not_checked = std::move(reason);
    return out;
}

KeyHash key_hash(const TableSpec& spec, const TypeRegistry& types, const std::string& name,
                 const std::string& opclass_name) {
    auto column = std::find_if(spec.columns.begin(), spec.columns.end(),
                               [&](const ColumnSpec& c) { return c.name == name; });
    if (column == spec.columns.end()) {
        return key_not_checked("placement not checked: key column " + name + " not found");
    }
    KeyHash out;
    const TypeInfo* type = base_type(types, column->type_oid);
    if (type != nullptr && type->typtype == 'e') {
        // The default enum opclass hashes the label's OID (hashenum = hash_uint32(oid)), which
        // this cluster's pg_enum gives; the legacy cdbhash_enum_ops is not done here.
        if (opclass_name != "pg_catalog.enum_ops" && opclass_name != "enum_ops") {
            return key_not_checked("placement not checked: enum key column " + name +
                                   " uses opclass " + opclass_name +
                                   ", whose hash gpparity does not implement");
        }
        out.key = PlacementKey{name, HashType::oid, 0, type->enum_oids};
        return out;
    }
    std::optional<HashOpclass> opclass = hash_opclass_from_name(opclass_name);
    if (!opclass) {
        return key_not_checked("placement not checked: key column " + name + " uses opclass " +
                               opclass_name + ", whose hash gpparity does not implement");
    }
    std::optional<HashType> column_type;
    if (type != nullptr && type->schema == "pg_catalog") {
        column_type = hash_type_from_type_name(type->name);
    }
    if (!column_type) {
        return key_not_checked("placement not checked: key column " + name + " of type " +
                               column->type_name + ", whose hash gpparity does not implement");
    }
    if (*column_type != opclass->type) {
        return key_not_checked("placement not checked: key column " + name + " of type " +
                               column->type_name + " uses opclass " + opclass_name +
                               " of another type");
    }
    out.legacy = opclass->legacy;
    out.key = PlacementKey{name, opclass->type, 0, {}};
    return out;
}

} // namespace

PlacementCheckPlan plan_placement_check(const TableSpec& spec, const TypeRegistry& types,
                                        catalog::Flavor flavor) {
    using Kind = DistributionPolicy::Kind;
    const DistributionPolicy& policy = spec.policy;
    switch (policy.kind) {
    case Kind::none:
        return not_checked("no distribution policy");
    case Kind::random:
        return {PlacementCheckPlan::Kind::random, std::nullopt,
                "randomly distributed: any segment is right, nothing to check"};
    case Kind::replicated:
        return {PlacementCheckPlan::Kind::replicated, std::nullopt,
                "replicated: every segment must hold the same rows"};
    case Kind::hash:
        break;
    }
    if (policy.numsegments < 1) {
        return not_checked("placement not checked: numsegments is " +
                           std::to_string(policy.numsegments));
    }
    if (policy.key_columns.empty() || policy.key_opclasses.size() != policy.key_columns.size()) {
        return not_checked("placement not checked: the distribution key's opclasses are unknown");
    }
    PlacementCheck check;
    check.numsegments = policy.numsegments;
    check.nan = float_nan_rule(flavor);
    std::optional<bool> legacy;
    for (std::size_t i = 0; i < policy.key_columns.size(); ++i) {
        KeyHash key = key_hash(spec, types, policy.key_columns[i], policy.key_opclasses[i]);
        if (!key.not_checked.empty()) {
            return not_checked(std::move(key.not_checked));
        }
        if (legacy && *legacy != key.legacy) {
            return not_checked("placement not checked: the key mixes legacy (cdbhash_*) and "
                               "default opclasses");
        }
        legacy = key.legacy;
        check.keys.push_back(std::move(key.key));
    }
    check.legacy = legacy.value_or(false);
    std::string note = "placement checked: each row's segment recomputed from " +
                       describe_policy(policy) + " over " + std::to_string(policy.numsegments) +
                       (policy.numsegments == 1 ? " segment" : " segments");
    return {PlacementCheckPlan::Kind::hash, std::move(check), std::move(note)};
}

std::vector<std::string> bind_key_fields(PlacementCheck& check,
                                         const std::vector<std::string>& raw_columns) {
    std::vector<std::string> missing;
    for (auto& key : check.keys) {
        auto it = std::find(raw_columns.begin(), raw_columns.end(), key.column);
        if (key.column.empty() || it == raw_columns.end()) {
            missing.push_back(key.column);
            continue;
        }
        key.field = static_cast<std::size_t>(it - raw_columns.begin());
    }
    return missing;
}

void prepare_key_fields(PlacementCheck& check, const TableSpec& spec, const TypeRegistry& types,
                        const std::vector<std::string>& selected_columns,
                        const std::function<std::string(const std::string&)>& quote_ident,
                        std::string& select_list, RowCodec& codec) {
    std::vector<std::string> raw(codec.columns.size());
    if (selected_columns.size() == codec.columns.size()) {
        for (std::size_t i = 0; i < selected_columns.size(); ++i) {
            auto column =
                std::find_if(spec.columns.begin(), spec.columns.end(),
                             [&](const ColumnSpec& c) { return c.name == selected_columns[i]; });
            if (column == spec.columns.end()) {
                continue;
            }
            std::string quoted = quote_ident(column->name);
            ColumnPlan plan = plan_column(types, column->type_oid, quoted);
            if (plan.read && plan.read->sql == quoted && codec.columns[i].wire != Wire::ignore) {
                raw[i] = column->name;
            }
        }
    }
    for (const std::string& column : bind_key_fields(check, raw)) {
        // The key's own send bytes, read next to the compared columns and ignored by the encoding.
        select_list += (select_list.empty() ? "" : ", ") + quote_ident(column);
        codec.columns.push_back(Codec{ValueClass::null, Wire::ignore, {}});
        raw.push_back(column);
    }
    (void)bind_key_fields(check, raw);
}

void apply_placement_check(const PlacementCheckPlan& plan,
                           const std::optional<PlacementFindings>& findings,
                           const std::map<int, SegmentDigest>& target_segments,
                           TableResult& result) {
    if (result.status == TableStatus::error) {
        return;
    }
    // A segment holding wrong rows is a placement mismatch, also where segments were otherwise
    // not compared one by one (skipped); a worse status stays.
    auto mark_misplaced = [](SegmentResult& segment) {
        if (segment.status == TableStatus::match || segment.status == TableStatus::skipped) {
            segment.status = TableStatus::placement_mismatch;
        }
    };
    auto add_note = [&](const std::string& note) {
        result.placement_note += (result.placement_note.empty() ? "" : "; ") + note;
    };
    switch (plan.kind) {
    case PlacementCheckPlan::Kind::hash: {
        if (!findings) {
            return;
        }
        result.placement_compared = true;
        result.misplaced_rows = findings->misplaced_rows;
        result.misplaced_examples = findings->examples;
        add_note(plan.note);
        if (findings->misplaced_rows == 0) {
            return;
        }
        result.status = more_severe(result.status, TableStatus::placement_mismatch);
        for (auto& segment : result.segments) {
            auto it = findings->misplaced_by_segment.find(segment.content);
            if (it != findings->misplaced_by_segment.end() && it->second > 0) {
                mark_misplaced(segment);
            }
        }
        return;
    }
    case PlacementCheckPlan::Kind::replicated: {
        if (target_segments.empty()) {
            return;
        }
        result.placement_compared = true;
        const auto& [first_content, first] = *target_segments.begin();
        std::vector<int> differing;
        for (const auto& [content, digest] : target_segments) {
            if (digest.total.count != first.total.count || digest.total.sum != first.total.sum) {
                differing.push_back(content);
            }
        }
        if (differing.empty()) {
            add_note(plan.note + " (they do)");
            return;
        }
        std::string list;
        for (int content : differing) {
            list += (list.empty() ? "" : ", ") + std::to_string(content);
        }
        add_note(plan.note + ": segments " + list + " differ from segment " +
                 std::to_string(first_content));
        result.status = more_severe(result.status, TableStatus::placement_mismatch);
        for (auto& segment : result.segments) {
            if (std::find(differing.begin(), differing.end(), segment.content) != differing.end()) {
                mark_misplaced(segment);
            }
        }
        return;
    }
    case PlacementCheckPlan::Kind::random:
        return;
    case PlacementCheckPlan::Kind::not_checked:
        add_note(plan.note);
        return;
    }
}

PlacementFindings& PlacementFindings::operator+=(const PlacementFindings& other) {
    rows_checked += other.rows_checked;
    misplaced_rows += other.misplaced_rows;
    for (const auto& [segment, count] : other.misplaced_by_segment) {
        misplaced_by_segment[segment] += count;
    }
    for (const auto& example : other.examples) {
        if (examples.size() >= k_misplaced_examples) {
            break;
        }
        examples.push_back(example);
    }
    return *this;
}

PlacementChecker::PlacementChecker(const PlacementCheck& check)
    : m_check(check), m_hash(check.numsegments, check.legacy, check.nan) {}

int PlacementChecker::segment_of(const std::vector<FieldView>& fields, std::size_t first) {
    m_hash.reset();
    for (const auto& key : m_check.keys) {
        std::size_t at = first + key.field;
        if (at >= fields.size()) {
            throw DecodeError("placement check: the row has no field for key column " + key.column);
        }
        const FieldView& f = fields[at];
        try {
            if (f.is_null()) {
                m_hash.add(key.type, std::nullopt);
            } else if (!key.enum_oids.empty()) {
                auto label = key.enum_oids.find(f.bytes());
                if (label == key.enum_oids.end()) {
                    throw PlacementHashError("enum label '" + std::string(f.bytes()) +
                                             "' is not in pg_enum");
                }
                const std::uint32_t oid = label->second;
                const std::array<char, 4> oid_bytes = {
                    static_cast<char>(oid >> 24), static_cast<char>(oid >> 16),
                    static_cast<char>(oid >> 8), static_cast<char>(oid)};
                m_hash.add(HashType::oid, std::string_view(oid_bytes.data(), oid_bytes.size()));
            } else {
                m_hash.add(key.type, f.bytes());
            }
        } catch (const PlacementHashError& e) {
            // Bytes the stream cannot decode: the table's error, like any other decode failure.
            throw DecodeError("placement check, key column " + key.column + ": " + e.what());
        }
    }
    return m_hash.segment();
}

void PlacementChecker::check_row(const std::vector<FieldView>& fields, std::size_t first,
                                 int on_segment, PlacementFindings& findings) {
    int belongs_to = segment_of(fields, first);
    ++findings.rows_checked;
    if (belongs_to == on_segment) {
        return;
    }
    ++findings.misplaced_rows;
    // A stream reads one segment (or a coordinator stream long runs of one): keep the counter
    // of the last segment instead of a map lookup per misplaced row.
    if (m_counter == nullptr || m_counter_segment != on_segment ||
        m_counter_findings != &findings) {
        m_counter = &findings.misplaced_by_segment[on_segment];
        m_counter_segment = on_segment;
        m_counter_findings = &findings;
    }
    ++*m_counter;
    if (findings.examples.size() < k_misplaced_examples) {
        MisplacedRow row;
        row.on_segment = on_segment;
        row.belongs_to = belongs_to;
        for (const auto& key : m_check.keys) {
            const FieldView& f = fields[first + key.field];
            if (f.is_null()) {
                row.key.emplace_back(std::nullopt);
            } else if (!key.enum_oids.empty()) {
                row.key.emplace_back(std::string(f.bytes())); // the label
            } else {
                row.key.emplace_back(key_value_text(key.type, f.bytes()));
            }
        }
        findings.examples.push_back(std::move(row));
    }
}

// NOLINTNEXTLINE(readability-function-size): a flat switch over the hash types
std::string key_value_text(HashType type, std::string_view b) {
    auto sized = [&](std::size_t n) { return b.size() == n; };
    switch (type) {
    case HashType::int2:
        if (sized(2)) {
            return std::to_string(static_cast<std::int16_t>(read_u16(b.data())));
        }
        break;
    case HashType::int4:
        if (sized(4)) {
            return std::to_string(static_cast<std::int32_t>(read_u32(b.data())));
        }
        break;
    case HashType::oid:
        if (sized(4)) {
            return std::to_string(read_u32(b.data()));
        }
        break;
    case HashType::int8:
        if (sized(8)) {
            return std::to_string(read_i64(b));
        }
        break;
    case HashType::float4:
        if (sized(4)) {
            return float_text(static_cast<double>(std::bit_cast<float>(read_u32(b.data()))), 9);
        }
        break;
    case HashType::float8:
        if (sized(8)) {
            return float_text(std::bit_cast<double>(read_u64(b.data())), 17);
        }
        break;
    case HashType::numeric:
        try {
            return numeric_send_to_text(b);
        } catch (const DecodeError&) {
            break;
        }
    case HashType::text:
    case HashType::name:
    case HashType::bpchar:
    case HashType::char_:
        return std::string(b);
    case HashType::bool_:
        if (sized(1)) {
            return b[0] != 0 ? "true" : "false";
        }
        break;
    case HashType::date:
        if (sized(4)) {
            auto days = static_cast<std::int32_t>(read_u32(b.data()));
            if (days == INT32_MAX) {
                return "infinity";
            }
            if (days == INT32_MIN) {
                return "-infinity";
            }
            return date_text(days);
        }
        break;
    case HashType::time:
        if (sized(8)) {
            return time_text(read_i64(b));
        }
        break;
    case HashType::timestamp:
        if (sized(8)) {
            return timestamp_text(read_i64(b));
        }
        break;
    case HashType::timestamptz:
        if (sized(8)) {
            std::int64_t us = read_i64(b);
            return timestamp_text(us) + (us == INT64_MAX || us == INT64_MIN ? "" : "+00");
        }
        break;
    case HashType::uuid:
        if (sized(16)) {
            std::string h = hex(b).substr(2);
            return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                   h.substr(16, 4) + "-" + h.substr(20);
        }
        break;
    case HashType::macaddr:
        if (sized(6)) {
            std::string h = hex(b).substr(2);
            std::string out;
            for (std::size_t i = 0; i < 12; i += 2) {
                out += (i ? ":" : "") + h.substr(i, 2);
            }
            return out;
        }
        break;
    case HashType::inet:
        // family 2 (AF_INET), bits, is_cidr, length 4, address.
        if (sized(8) && b[0] == 2 && b[3] == 4) {
            std::string out;
            for (std::size_t i = 4; i < 8; ++i) {
                out += (i > 4 ? "." : "") + std::to_string(static_cast<unsigned char>(b[i]));
            }
            return out + "/" + std::to_string(static_cast<unsigned char>(b[1]));
        }
        break;
    case HashType::bytea:
    case HashType::timetz:
    case HashType::interval:
        break;
    }
    return hex(b);
}

} // namespace gpparity::checksum
