#pragma once
// Every value class of the canonical encoding (docs/encoding.md) in one table, shared by the
// scenarios that must agree on all of them: SQL pushdown, and the server-side digest against
// stream digests.

#include <string>
#include <utility>
#include <vector>

namespace gpparity::testing {

/// The schema: the enum `mood`, the float domain `measure`, the composite `pair`, the table
/// `all_types` (one column per value class, with NaN, ±Infinity, -0, NULL next to '', non-ASCII
/// text, arrays with NULLs, composites with floats) and a table with hostile names.
extern const char* const k_schema;

/// The rows of both tables, inserted in id order followed by `order` ("" or " DESC").
[[nodiscard]] std::string rows_sql(const std::string& order);

/// Per column of all_types, an expression that changes its value (for `UPDATE ... SET c = e`).
/// Every column SQL pushdown (`p1`) compares.
extern const std::vector<std::pair<std::string, std::string>> k_value_class_changes;

/// k_value_class_changes and the columns only the `c1` encoding (stream, the extension)
/// compares: floats inside an array of composites.
extern const std::vector<std::pair<std::string, std::string>> k_value_class_changes_c1;

} // namespace gpparity::testing
