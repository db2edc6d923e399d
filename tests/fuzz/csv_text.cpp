/// libFuzzer target: the gpbackup CSV reader (checksum/csv_reader.hpp) and the text codec that
/// turns each field's COPY text into the canonical encoding (checksum/text_codec.hpp): every
/// byte of a backup data file. Input: one byte that picks where the decompressed chunks split
/// the data, one that picks the column types, then the CSV. The rows must not depend on where
/// the chunks split (the whole input fed at once gives the same encodings), and a row the codec
/// encodes must split back into its fields (split_row). DecodeError (catalog::Error) is the
/// expected outcome of bad input.

#include "catalog/error.hpp"
#include "checksum/csv_reader.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/text_codec.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using gpparity::checksum::Codec;
using gpparity::checksum::ValueClass;
using gpparity::checksum::Wire;

std::vector<Codec> column_types() {
    const Codec int4{ValueClass::integer, Wire::int4, {}};
    const Codec text{ValueClass::text, Wire::text, {}};
    const Codec float8{ValueClass::floating, Wire::float8, {}};
    const Codec money{ValueClass::numeric, Wire::money, {}};
    std::vector<Codec> types = {
        {ValueClass::integer, Wire::int2, {}},
        int4,
        {ValueClass::integer, Wire::int8, {}},
        {ValueClass::floating, Wire::float4, {}},
        float8,
        {ValueClass::numeric, Wire::numeric, {}},
        money,
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
        {ValueClass::jsonb, Wire::jsonb, {}},
        {ValueClass::inet, Wire::inet, {}},
        {ValueClass::inet, Wire::inet, {}, true},
        {ValueClass::macaddr, Wire::macaddr, {}},
        {ValueClass::macaddr8, Wire::macaddr8, {}},
        {ValueClass::bit, Wire::bit, {}},
        {ValueClass::array, Wire::array, {int4}},
        {ValueClass::array, Wire::array, {text}},
        {ValueClass::array, Wire::array, {float8}},
        {ValueClass::composite, Wire::record, {int4, text, money}},
    };
    types.push_back({ValueClass::array, Wire::array, {types.back()}});
    return types;
}

// Every row's encoding, or "!" for a row the codec refused.
std::vector<std::string> encode_all(std::string_view csv, std::size_t chunk_size,
                                    std::size_t first_type) {
    static const std::vector<Codec> k_types = column_types();
    std::vector<std::string> rows;
    gpparity::checksum::CsvReader reader;
    std::string out;
    std::string key;
    auto on_row = [&](const gpparity::checksum::CsvFields& fields) {
        gpparity::checksum::RowCodec codec;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            codec.columns.push_back(k_types[(first_type + i) % k_types.size()]);
        }
        try {
            gpparity::checksum::encode_text_row(codec, fields, out, key);
        } catch (const gpparity::checksum::DecodeError&) {
            rows.emplace_back("!");
            return;
        }
        // An encoding the codec produced must split into its fields; a throw is a finding.
        (void)gpparity::checksum::split_row(codec, out);
        rows.push_back(out);
    };
    while (!csv.empty()) {
        const std::size_t n = std::min(chunk_size, csv.size());
        reader.feed(csv.substr(0, n), on_row);
        csv.remove_prefix(n);
    }
    reader.finish(on_row);
    return rows;
}

} // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t chunk_size = data[0] == 0 ? size : data[0];
    std::string_view csv(reinterpret_cast<const char*>(data) + 2, size - 2);
    std::vector<std::string> chunked;
    std::vector<std::string> whole;
    bool chunked_failed = false;
    bool whole_failed = false;
    try {
        chunked = encode_all(csv, chunk_size, data[1]);
    } catch (const gpparity::catalog::Error&) {
        chunked_failed = true;
    }
    try {
        whole = encode_all(csv, csv.size() + 1, data[1]);
    } catch (const gpparity::catalog::Error&) {
        whole_failed = true;
    }
    // Where the chunks split must not matter: the same rows, or the same refusal.
    if (chunked_failed != whole_failed || (!chunked_failed && chunked != whole)) {
        std::abort();
    }
    return 0;
}
