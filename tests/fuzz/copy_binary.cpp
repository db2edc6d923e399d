/// libFuzzer target: the binary COPY decoder (checksum/copy_binary.hpp) and the row codec that
/// turns each field's send-format bytes into the canonical encoding (checksum/row_codec.hpp):
/// every byte a server sends for a table's rows. Input: one byte that picks where libpq's chunks
/// split the stream (and, when odd, that the last column is the row's key), one that picks the
/// column types, then the COPY stream. A row the codec
/// encodes must split back into its fields (split_row), as the drill-down does. DecodeError
/// (catalog::Error) is the expected outcome of bad input.

#include "checksum/copy_binary.hpp"
#include "catalog/error.hpp"
#include "checksum/row_codec.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using gpparity::checksum::Codec;
using gpparity::checksum::FieldView;
using gpparity::checksum::ValueClass;
using gpparity::checksum::Wire;

std::vector<Codec> column_types() {
    const Codec int4{ValueClass::integer, Wire::int4, {}};
    const Codec text{ValueClass::text, Wire::text, {}};
    const Codec numeric{ValueClass::numeric, Wire::numeric, {}};
    std::vector<Codec> types = {
        {ValueClass::integer, Wire::int2, {}},
        int4,
        {ValueClass::integer, Wire::int8, {}},
        {ValueClass::floating, Wire::float4, {}},
        {ValueClass::floating, Wire::float8, {}},
        numeric,
        {ValueClass::numeric, Wire::money, {}},
        {ValueClass::boolean, Wire::boolean, {}},
        text,
        {ValueClass::bytea, Wire::bytea, {}},
        {ValueClass::date, Wire::date, {}},
        {ValueClass::time, Wire::time, {}},
        {ValueClass::timetz, Wire::timetz, {}},
        {ValueClass::timestamp, Wire::timestamp, {}},
        {ValueClass::timestamptz, Wire::timestamptz, {}},
        {ValueClass::interval, Wire::interval, {}},
        {ValueClass::uuid, Wire::uuid, {}},
        {ValueClass::json, Wire::json, {}},
        {ValueClass::jsonb, Wire::jsonb, {}},
        {ValueClass::inet, Wire::inet, {}},
        {ValueClass::macaddr, Wire::macaddr, {}},
        {ValueClass::macaddr8, Wire::macaddr8, {}},
        {ValueClass::bit, Wire::bit, {}},
        {ValueClass::text, Wire::ignore, {}},
        {ValueClass::array, Wire::array, {int4}},
        {ValueClass::array, Wire::array, {text}},
        {ValueClass::array, Wire::array, {numeric}},
        {ValueClass::composite, Wire::record, {int4, text, numeric}},
    };
    types.push_back({ValueClass::array, Wire::array, {types.back()}});
    return types;
}

class EncodingSink : public gpparity::checksum::RowSink {
public:
    EncodingSink(std::size_t first_type, bool with_key)
        : m_first_type(first_type), m_with_key(with_key) {}

    void on_row(const std::vector<FieldView>& fields) override {
        static const std::vector<Codec> k_types = column_types();
        gpparity::checksum::RowCodec codec;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            codec.columns.push_back(k_types[(m_first_type + i) % k_types.size()]);
        }
        if (!fields.empty() && m_with_key) {
            codec.key_columns.push_back(fields.size() - 1);
        }
        try {
            gpparity::checksum::encode_row(codec, fields, 0, m_row, m_key);
        } catch (const gpparity::checksum::DecodeError&) {
            return;
        }
        // An encoding the codec produced must split into its fields; a throw is a finding.
        (void)gpparity::checksum::split_row(codec, m_row);
    }

private:
    std::size_t m_first_type;
    bool m_with_key;
    std::string m_row;
    std::string m_key;
};

} // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t chunk_size = data[0] == 0 ? size : data[0];
    EncodingSink sink(data[1], data[0] % 2 == 1);
    std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);
    gpparity::checksum::CopyBinaryParser parser;
    try {
        while (!stream.empty()) {
            const std::size_t n = std::min(chunk_size, stream.size());
            parser.feed(stream.substr(0, n), sink);
            stream.remove_prefix(n);
        }
        parser.finish();
    } catch (const gpparity::catalog::Error&) {
        return 0;
    }
    return 0;
}
