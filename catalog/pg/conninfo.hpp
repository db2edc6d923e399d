#pragma once
/// Connection strings as libpq reads them (key=value or postgresql:// URIs, PG* variables,
/// .pgpass), and the redaction that keeps passwords out of every message gpparity prints.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpparity::catalog::pg {

/// One keyword=value pair of a parsed connection string.
using ConninfoOption = std::pair<std::string, std::string>;

/// Parses a connection string or URI with libpq's own parser. Returns only the options the
/// string sets, in libpq's keyword order. Throws UsageError with libpq's reason (one line,
/// password-free) when the string is malformed.
[[nodiscard]] std::vector<ConninfoOption> parse_conninfo(const std::string& conninfo);

/// The same connection with its database replaced by `database`: libpq's parse of `conninfo`
/// (a URI too; PG* variables still fill what it leaves out) rebuilt as keyword=value pairs.
/// Throws UsageError as parse_conninfo does.
[[nodiscard]] std::string with_database(const std::string& conninfo, const std::string& database);

/// A printable form of a connection string: libpq's parse of it with any password replaced by
/// `********`. A string libpq cannot parse is rendered by the pure fallback below.
[[nodiscard]] std::string redacted_conninfo(const std::string& conninfo);

/// Pure fallback redaction, usable on any text: masks `password=...` (quoted or bare) and the
/// password part of `postgres://user:password@` URIs. Never throws.
[[nodiscard]] std::string redact_secrets(std::string_view text);

/// Removes every occurrence of `secret` (when non-empty) from `text`, replacing it with
/// `********`, then applies redact_secrets.
[[nodiscard]] std::string redact(std::string_view text, std::string_view secret);

/// Collapses a multi-line server or libpq message into one line: trims, joins lines with "; ",
/// drops the trailing newline libpq always adds.
[[nodiscard]] std::string one_line(std::string_view message);

} // namespace gpparity::catalog::pg
