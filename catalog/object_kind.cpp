#include "catalog/object_kind.hpp"

#include <array>
#include <utility>

namespace gpparity::catalog {

namespace {

constexpr std::array<std::pair<ObjectKind, std::string_view>, 37> k_names{{
    {ObjectKind::database, "database"},
    {ObjectKind::tablespace, "tablespace"},
    {ObjectKind::role, "role"},
    {ObjectKind::resource_queue, "resource_queue"},
    {ObjectKind::resource_group, "resource_group"},
    {ObjectKind::language, "language"},
    {ObjectKind::extension, "extension"},
    {ObjectKind::schema, "schema"},
    {ObjectKind::collation, "collation"},
    {ObjectKind::type, "type"},
    {ObjectKind::domain, "domain"},
    {ObjectKind::function, "function"},
    {ObjectKind::procedure, "procedure"},
    {ObjectKind::aggregate, "aggregate"},
    {ObjectKind::cast, "cast"},
    {ObjectKind::operator_, "operator"},
    {ObjectKind::operator_family, "operator_family"},
    {ObjectKind::operator_class, "operator_class"},
    {ObjectKind::text_search_configuration, "text_search_configuration"},
    {ObjectKind::foreign_data_wrapper, "foreign_data_wrapper"},
    {ObjectKind::foreign_server, "foreign_server"},
    {ObjectKind::user_mapping, "user_mapping"},
    {ObjectKind::protocol, "protocol"},
    {ObjectKind::sequence, "sequence"},
    {ObjectKind::table, "table"},
    {ObjectKind::column, "column"},
    {ObjectKind::external_table, "external_table"},
    {ObjectKind::foreign_table, "foreign_table"},
    {ObjectKind::view, "view"},
    {ObjectKind::materialized_view, "materialized_view"},
    {ObjectKind::index, "index"},
    {ObjectKind::constraint, "constraint"},
    {ObjectKind::trigger, "trigger"},
    {ObjectKind::rule, "rule"},
    {ObjectKind::comment, "comment"},
    {ObjectKind::privilege, "privilege"},
    {ObjectKind::default_privilege, "default_privilege"},
}};

} // namespace

const std::initializer_list<ObjectKind>& all_object_kinds() noexcept {
    static const std::initializer_list<ObjectKind> k_all = {
        ObjectKind::database,
        ObjectKind::tablespace,
        ObjectKind::role,
        ObjectKind::resource_queue,
        ObjectKind::resource_group,
        ObjectKind::language,
        ObjectKind::extension,
        ObjectKind::schema,
        ObjectKind::collation,
        ObjectKind::type,
        ObjectKind::domain,
        ObjectKind::function,
        ObjectKind::procedure,
        ObjectKind::aggregate,
        ObjectKind::cast,
        ObjectKind::operator_,
        ObjectKind::operator_family,
        ObjectKind::operator_class,
        ObjectKind::text_search_configuration,
        ObjectKind::foreign_data_wrapper,
        ObjectKind::foreign_server,
        ObjectKind::user_mapping,
        ObjectKind::protocol,
        ObjectKind::sequence,
        ObjectKind::table,
        ObjectKind::column,
        ObjectKind::external_table,
        ObjectKind::foreign_table,
        ObjectKind::view,
        ObjectKind::materialized_view,
        ObjectKind::index,
        ObjectKind::constraint,
        ObjectKind::trigger,
        ObjectKind::rule,
        ObjectKind::comment,
        ObjectKind::privilege,
        ObjectKind::default_privilege,
    };
    return k_all;
}

std::string_view to_string(ObjectKind kind) noexcept {
    for (const auto& [k, name] : k_names) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

std::optional<ObjectKind> parse_object_kind(std::string_view name) noexcept {
    for (const auto& [k, n] : k_names) {
        if (n == name) {
            return k;
        }
    }
    return std::nullopt;
}

} // namespace gpparity::catalog
