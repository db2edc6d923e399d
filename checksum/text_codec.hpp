#pragma once
/// The canonical row encoding `c1` (checksum/row_codec.hpp, docs/encoding.md) computed from the
/// *text* form of values, as gpbackup's `COPY ... TO ... WITH CSV` writes them on Greenplum 6
/// (gpbackup.md §3): the bytes are exactly those encode_field() gives for the same values' send
/// bytes, so a backup file's multiset digest equals the live cluster's. Pure: no I/O.
///
/// The text is expected as a session set up like gpbackup's prints it: DateStyle ISO,
/// IntervalStyle postgres, extra_float_digits 3 (GP6: 9/17 significant digits; GP7: shortest
/// exact: both parse back to the exact value), client_encoding UTF8 (the backup's
/// `SET client_encoding` in metadata.sql must be UTF8: other encodings are not converted). What
/// gpbackup leaves to the server defaults is undone here:
/// - TimeZone: timestamptz/timetz carry their offset (`+05:30`, `-03`, `+05:53:28`): converted.
/// - bytea_output: hex (`\x..`) and escape (`\ooo`, `\\`) forms both read.
/// - lc_monetary: money as `C`/`en_US` print it — `$1,234.56`, `-$1.00`, `($1.00)` — becomes
///   the numeric text with scale 2 the live read prints from money's int64 send form; any other
///   currency symbol or fraction-digit count throws DecodeError.
///
/// Not byte-identical to the live read, so never equal from CSV text:
/// - text_form values (ranges, extension types, arrays/composites of those) are passed through:
///   the live read prints them with `c::text` under TimeZone UTC, bytea_output hex and
///   lc_monetary C, so a text_form value holding a timestamptz (`tstzrange`), a bytea in escape
///   form or money under another lc_monetary prints differently; without those it is equal.
/// - `"char"` holding the zero byte (its text is empty, its send byte 0x00).
/// - text in a database encoding other than UTF8.

#include "checksum/row_codec.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// Appends to `out` the c1 encoding of one field given in its COPY CSV text form (nullopt =
/// NULL): the same bytes encode_field() appends for the value's send bytes under `codec`.
/// Throws DecodeError naming the value class on text that does not parse.
void encode_text_field(const Codec& codec, std::optional<std::string_view> text, std::string& out);

/// The encoding of a whole row (fields in codec column order, no leading segment id) into `out`
/// (cleared first), and the key bytes into `key` (cleared first) when the codec has key
/// columns, exactly as encode_row() does for send bytes. Ignored columns' fields are skipped.
/// Throws DecodeError for a field count other than the codec's or a field that does not parse.
void encode_text_row(const RowCodec& codec,
                     const std::vector<std::optional<std::string_view>>& fields, std::string& out,
                     std::string& key);

} // namespace gpparity::checksum
