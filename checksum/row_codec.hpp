#pragma once
/// The canonical row encoding `c1` (DESIGN.md §4, docs/encoding.md): each matched column's
/// value, as its type's binary send format, becomes `tag, length, canonical bytes`, where the
/// tag names a *value class* (so int4 and int8, or varchar and text, encode alike) and NULL is a
/// lone tag no value produces. A row's encoding is the concatenation of its fields; its hash is
/// XXH3-128 of that. Pure: no I/O, no global state; a RowCodec is immutable and shareable.

#include "checksum/copy_binary.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// The encoding version stored with every digest. Bump it when any byte below changes.
inline constexpr std::string_view k_encoding_version = "c1";

/// Value classes and their tags (docs/encoding.md). Tags are part of the format: never reuse.
enum class ValueClass : std::uint8_t {
    null = 0x00,
    integer = 0x01,     ///< int2/int4/int8: 8-byte big-endian two's complement
    floating = 0x02,    ///< float4/float8: IEEE bits of the value as a double, NaN and -0 canonical
    numeric = 0x03,     ///< numeric (and money via numeric): decimal text as numeric_out prints it
    boolean = 0x04,     ///< 1 byte, 0 or 1
    text = 0x05,        ///< text/varchar/bpchar/name/"char": UTF-8 bytes
    bytea = 0x06,       ///< raw bytes
    date = 0x07,        ///< int32 days since 2000-01-01, big-endian
    time = 0x08,        ///< int64 microseconds
    timetz = 0x09,      ///< int64 microseconds, int32 zone offset in seconds
    timestamp = 0x0A,   ///< int64 microseconds since 2000-01-01
    timestamptz = 0x0B, ///< int64 microseconds since 2000-01-01 UTC
    interval = 0x0C,    ///< int64 microseconds, int32 days, int32 months
    uuid = 0x0D,        ///< 16 bytes
    json = 0x0E,        ///< the stored text
    jsonb = 0x0F,       ///< jsonb's text form (jsonb_send without its version byte)
    inet = 0x10,        ///< inet/cidr: family, bits, is_cidr, length, address bytes
    macaddr = 0x11,     ///< 6 bytes
    macaddr8 = 0x12,    ///< 8 bytes
    bit = 0x13,         ///< bit/varbit: int32 bit length, then the bits
    enum_label = 0x14,  ///< the label's UTF-8 bytes
    array = 0x15,       ///< int32 ndim, (int32 length, int32 lower bound) per dimension, elements
    composite = 0x16,   ///< int32 field count, then each field encoded by its class
    xml = 0x17,         ///< the document text
    text_form = 0x18,   ///< a value read through its text output in the pinned session
};

/// How a field arrives on the wire (the send function that produced it).
enum class Wire : std::uint8_t {
    int2,
    int4,
    int8,
    float4,
    float8,
    numeric,
    money,
    boolean,
    text,
    bytea,
    date,
    time,
    timetz,
    timestamp,
    timestamptz,
    interval,
    uuid,
    json,
    jsonb,
    inet,
    macaddr,
    macaddr8,
    bit,
    array,
    record,
    ignore,
};

/// How to turn one field's send bytes into its canonical encoding. Arrays have one child (the
/// element), records one child per field in order.
struct Codec {
    ValueClass value_class = ValueClass::text;
    Wire wire = Wire::text;
    std::vector<Codec> children;
    /// Wire::inet only: the type is cidr. The send bytes carry it (inet_send's is_cidr byte);
    /// the text form does not (`10.0.0.0/8` is an inet or a cidr), so the text codec needs it.
    bool is_cidr = false;
};

/// One table side's row layout: a codec per selected column; optionally the first column is
/// gp_segment_id (coordinator reads); `key_columns` (indexes into `columns`) identify a row for
/// the drill-down (the primary key, else the distribution key; empty = the whole row), and
/// `bucket_columns` the columns its drill-down bucket is hashed from by a function the server
/// computes in SQL too (checksum/bucket_key.hpp; empty: XXH3 of the key bytes, or the row hash
/// without a key, which only gpparity computes).
struct RowCodec {
    std::vector<Codec> columns;
    bool leading_segment_id = false;
    std::vector<std::size_t> key_columns;
    std::vector<std::size_t> bucket_columns;
};

/// Appends the canonical encoding of one field (NULL or a value) to `out`. Throws DecodeError
/// when the send bytes are malformed for the codec.
void encode_field(const Codec& codec, const FieldView& field, std::string& out);

/// The encoding of a whole row (without a leading segment id) into `out` (cleared first), and
/// the key bytes into `key` when the codec has key columns. Throws DecodeError.
void encode_row(const RowCodec& codec, const std::vector<FieldView>& fields, std::size_t first,
                std::string& out, std::string& key);

/// The canonical encoding of the field that starts at `pos` in a row encoding (tag included: a
/// NULL is its lone tag), and `pos` moved past it. Throws DecodeError when the row ends first.
[[nodiscard]] std::string_view next_field(std::string_view row, std::size_t& pos);

/// A row encoding cut into its fields, one per codec column: each field's canonical encoding
/// (next_field), empty for an ignored column. Equal fields are equal values. Throws
/// DecodeError when `row` is not an encoding of the codec's columns.
[[nodiscard]] std::vector<std::string_view> split_row(const RowCodec& codec, std::string_view row);

/// numeric_send bytes -> numeric_out text ("-12.340", "NaN", "Infinity"). Throws DecodeError.
[[nodiscard]] std::string numeric_send_to_text(std::string_view send);
/// The same, appended to `out`.
void append_numeric_text(std::string_view send, std::string& out);

/// The canonical 8 bytes (big-endian IEEE double) of a float value: NaN -> 0x7ff8000000000000,
/// -0 -> +0. float4 values are widened to double exactly.
[[nodiscard]] std::uint64_t canonical_float_bits(double value) noexcept;

} // namespace gpparity::checksum
