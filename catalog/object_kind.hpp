#pragma once
/// The kinds of catalog object gpparity extracts and compares, with the names the report
/// contract uses (DESIGN.md §7 "Catalog kind").

#include <optional>
#include <string_view>

namespace gpparity::catalog {

enum class ObjectKind {
    database,
    tablespace,
    role,
    resource_queue,
    resource_group,
    language,
    extension,
    schema,
    collation,
    type,
    domain,
    function,
    procedure,
    aggregate,
    cast,
    operator_,
    operator_family,
    operator_class,
    text_search_configuration,
    foreign_data_wrapper,
    foreign_server,
    user_mapping,
    protocol,
    sequence,
    table,
    column,
    external_table,
    foreign_table,
    view,
    materialized_view,
    index,
    constraint,
    trigger,
    rule,
    comment,
    privilege,
    default_privilege,
};

/// Every kind, in the order above (a sensible creation order for DDL).
[[nodiscard]] const std::initializer_list<ObjectKind>& all_object_kinds() noexcept;
/// The report name: "operator" for operator_, else the enumerator's name.
[[nodiscard]] std::string_view to_string(ObjectKind kind) noexcept;
[[nodiscard]] std::optional<ObjectKind> parse_object_kind(std::string_view name) noexcept;

} // namespace gpparity::catalog
