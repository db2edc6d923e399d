#include "checksum/server_digest.hpp"

#include "checksum/table_spec.hpp"

namespace gpparity::checksum {

namespace {

// The wire letters of the descriptor (extension/README.md). Part of the interface between
// gpparity and the extension: never reuse a letter.
char wire_letter(Wire wire) noexcept {
    switch (wire) {
    case Wire::int2:
        return 'h';
    case Wire::int4:
        return 'i';
    case Wire::int8:
        return 'l';
    case Wire::float4:
        return 'f';
    case Wire::float8:
        return 'F';
    case Wire::numeric:
        return 'n';
    case Wire::money:
        return 'M';
    case Wire::boolean:
        return 'b';
    case Wire::text:
        return 't';
    case Wire::bytea:
        return 'y';
    case Wire::date:
        return 'd';
    case Wire::time:
        return 'k';
    case Wire::timetz:
        return 'K';
    case Wire::timestamp:
        return 's';
    case Wire::timestamptz:
        return 'S';
    case Wire::interval:
        return 'v';
    case Wire::uuid:
        return 'u';
    case Wire::json:
        return 'j';
    case Wire::jsonb:
        return 'J';
    case Wire::inet:
        return 'I';
    case Wire::macaddr:
        return 'm';
    case Wire::macaddr8:
        return 'w';
    case Wire::bit:
        return 'B';
    case Wire::array:
        return 'a';
    case Wire::record:
        return 'r';
    case Wire::ignore:
        return '-';
    }
    return '-';
}

void append_node(const Codec& codec, std::string& out) {
    static constexpr char k_hex[] = "0123456789abcdef";
    if (codec.wire == Wire::ignore) {
        out += "00-";
        return;
    }
    auto tag = static_cast<unsigned>(codec.value_class);
    out.push_back(k_hex[(tag >> 4) & 0xF]);
    out.push_back(k_hex[tag & 0xF]);
    out.push_back(wire_letter(codec.wire));
    if (codec.wire == Wire::array || codec.wire == Wire::record) {
        out.push_back('(');
        for (const Codec& child : codec.children) {
            append_node(child, out);
        }
        out.push_back(')');
    }
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

std::optional<std::uint64_t> hex_u64(std::string_view hex) noexcept {
    std::uint64_t v = 0;
    for (char c : hex) {
        int d = hex_value(c);
        if (d < 0) {
            return std::nullopt;
        }
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return v;
}

} // namespace

std::string codec_descriptor(const std::vector<Codec>& columns) {
    std::string out = std::string(k_encoding_version) + ":";
    for (const Codec& column : columns) {
        append_node(column, out);
    }
    return out;
}

std::string server_digest_sql(const PushdownRelation& relation, const std::string& function,
                              const std::vector<Codec>& columns,
                              const std::vector<std::string>& column_sql) {
    // The descriptor holds only hex digits, letters, ':', '(', ')' and '-': a plain literal.
    std::string call = function + "('" + codec_descriptor(columns) + "'::pg_catalog.text";
    for (const std::string& expr : column_sql) {
        call += ", " + expr;
    }
    if (column_sql.empty()) {
        // VARIADIC needs one argument: a table with no compared column hashes empty rows.
        call = function + "('" + codec_descriptor({Codec{ValueClass::null, Wire::ignore, {}}}) +
               "'::pg_catalog.text, NULL::pg_catalog.int4";
    }
    const std::string digest = "pg_catalog.encode(" + call + "), 'hex')";
    if (!relation.greenplum) {
        return "SELECT -1, " + digest + " FROM ONLY " + relation.relation;
    }
    // Grouped by segment where the rows are: with the extension's combine function, each
    // segment aggregates its own rows and only the 24-byte states move.
    SegmentScan scan =
        segment_scan(relation.relation, relation.relation_literal, relation.replicated);
    return "SELECT " + scan.segment_id + ", " + digest + " FROM " + scan.from + " GROUP BY 1";
}

std::optional<MultisetDigest> parse_server_digest(std::string_view hex) noexcept {
    if (hex.empty()) {
        return MultisetDigest{};
    }
    if (hex.size() != 48) {
        return std::nullopt;
    }
    auto count = hex_u64(hex.substr(0, 16));
    auto high = hex_u64(hex.substr(16, 16));
    auto low = hex_u64(hex.substr(32, 16));
    if (!count || !high || !low) {
        return std::nullopt;
    }
    return MultisetDigest{*count, Hash128{*high, *low}};
}

} // namespace gpparity::checksum
