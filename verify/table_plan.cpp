#include "verify/table_plan.hpp"

#include "catalog/error.hpp"

#include <algorithm>

namespace gpparity::verify {

namespace {

using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

bool is_unread_kind(TableKind kind) {
    return kind == TableKind::external || kind == TableKind::foreign;
}

std::string unread_reason(TableKind kind) {
    return kind == TableKind::external
               ? "external table: its data lives outside the cluster and is never read (reading "
                 "may run a command); its definition is compared by the catalog diff"
               : "foreign table: its data lives outside the cluster and is never read (reading "
                 "may run a command or reach another server); its definition is compared by the "
                 "catalog diff";
}

bool is_replicated(const TableSpec& spec) {
    return spec.policy.kind == checksum::DistributionPolicy::Kind::replicated;
}

const checksum::ColumnSpec* find_column(const TableSpec& spec, const std::string& name) {
    auto it = std::find_if(spec.columns.begin(), spec.columns.end(),
                           [&](const checksum::ColumnSpec& c) { return c.name == name; });
    return it == spec.columns.end() ? nullptr : &*it;
}

std::string qualified(const SideFacts& side, const TableSpec& spec) {
    return side.quote_ident(spec.schema) + "." + side.quote_ident(spec.name);
}

// The selected tables of one side by identity (intermediate partitions are never compared:
// their rows are their leaves').
std::map<std::string, const TableSpec*> selected_tables(const SideFacts& side,
                                                        const catalog::Filter& filter) {
    std::map<std::string, const TableSpec*> out;
    for (const auto& t : side.tables->tables) {
        if (t.kind != TableKind::intermediate && is_selected(filter, t)) {
            out[t.identity] = &t;
        }
    }
    return out;
}

// The bucket key (checksum/bucket_key.hpp): primary key, else distribution key, else the
// whole row; by name, so both sides bucket alike.
void plan_bucket_key(const TableSpec& source, const std::vector<std::string>& matched,
                     std::array<SideRead, 2>& sides) {
    auto key_indexes = [&](const std::vector<std::string>& names) {
        std::vector<std::size_t> out;
        for (const auto& name : names) {
            auto it = std::find(matched.begin(), matched.end(), name);
            if (it == matched.end()) {
                return std::vector<std::size_t>{};
            }
            out.push_back(static_cast<std::size_t>(it - matched.begin()));
        }
        return out;
    };
    std::vector<std::size_t> key = key_indexes(source.primary_key);
    if (key.empty()) {
        key = key_indexes(source.policy.key_columns);
    }
    for (auto& side : sides) {
        side.codec.key_columns = key;
    }
    // The bucket is hashed from the key's columns that the servers can hash too.
    std::vector<std::size_t> bucket =
        checksum::choose_bucket_columns(sides[k_source].codec, sides[k_target].codec);
    for (auto& side : sides) {
        side.codec.bucket_columns = bucket;
    }
}

// Stream, two live sides: columns matched by name in source order, each side's read planned
// on its own types; what cannot be compared is listed.
void plan_columns(TablePlan& plan, const std::array<SideFacts, 2>& sides) {
    const TableSpec& s = *plan.sides[k_source].spec;
    const TableSpec& t = *plan.sides[k_target].spec;
    std::array<std::vector<ColumnSelect>, 2> selects;
    std::vector<std::string> matched;
    for (const auto& column : s.columns) {
        const checksum::ColumnSpec* other = find_column(t, column.name);
        if (other == nullptr) {
            plan.result.excluded_columns.push_back(column.name + ": only in source");
            continue;
        }
        std::array<std::string, 2> quoted{sides[k_source].quote_ident(column.name),
                                          sides[k_target].quote_ident(other->name)};
        checksum::ColumnPlan sp =
            checksum::plan_column(sides[k_source].tables->types, column.type_oid, quoted[0]);
        checksum::ColumnPlan tp =
            checksum::plan_column(sides[k_target].tables->types, other->type_oid, quoted[1]);
        if (!sp.read || !tp.read) {
            plan.result.excluded_columns.push_back(
                column.name + ": " +
                (!sp.read ? sp.excluded_reason + " (source " + column.type_name + ")"
                          : tp.excluded_reason + " (target " + other->type_name + ")"));
            continue;
        }
        selects[k_source].push_back({quoted[0], *sp.read});
        selects[k_target].push_back({quoted[1], *tp.read});
        matched.push_back(column.name);
    }
    for (const auto& column : t.columns) {
        if (find_column(s, column.name) == nullptr) {
            plan.result.excluded_columns.push_back(column.name + ": only in target");
        }
    }
    plan.result.column_names = matched;
    for (std::size_t side = 0; side < 2; ++side) {
        plan.sides[side].select = build_select_list(selects[side], plan.sides[side].codec);
    }
    plan_bucket_key(s, matched, plan.sides);
}

// Every column of one side that plan_column can read, attnum order. `excluded` gets the
// others as "name: reason (type)" when not null.
std::vector<ColumnSelect> readable_columns(const SideFacts& side, const TableSpec& spec,
                                           std::vector<std::string>* names,
                                           std::vector<std::string>* excluded,
                                           bool with_type = true) {
    std::vector<ColumnSelect> out;
    for (const auto& column : spec.columns) {
        std::string quoted = side.quote_ident(column.name);
        checksum::ColumnPlan cp =
            checksum::plan_column(side.tables->types, column.type_oid, quoted);
        if (!cp.read) {
            if (excluded != nullptr) {
                excluded->push_back(column.name + ": " + cp.excluded_reason +
                                    (with_type ? " (" + column.type_name + ")" : ""));
            }
            continue;
        }
        if (names != nullptr) {
            names->push_back(column.name);
        }
        out.push_back({std::move(quoted), *cp.read});
    }
    return out;
}

// Columns against a snapshot side: the snapshot's digests cover its own column list, so the
// other side must encode exactly those columns in that order. When it cannot (a column is
// missing or unreadable there), rows are still counted and the content is reported as not
// compared.
void plan_columns_fixed(TablePlan& plan, const std::array<SideFacts, 2>& sides) {
    const std::size_t fixed = sides[k_source].is_snapshot() ? k_source : k_target;
    const std::size_t other = 1 - fixed;
    const std::string other_name = other == k_source ? "source" : "target";
    const SnapshotTable& ft = *sides[fixed].snapshot_tables->at(plan.identity);
    const std::vector<std::string>& order = ft.digest_columns;
    plan.result.excluded_columns = ft.excluded_columns;
    plan.result.column_names = order;
    if (sides[other].is_snapshot()) {
        if (sides[other].snapshot_tables->at(plan.identity)->digest_columns != order) {
            plan.incomparable = "content not compared: the two snapshots' digests cover "
                                "different columns";
        }
        return;
    }
    SideRead& sp = plan.sides[other];
    const TableSpec& spec = *sp.spec;
    const SideFacts& live = sides[other];
    std::vector<ColumnSelect> selects;
    for (const auto& name : order) {
        const checksum::ColumnSpec* column = find_column(spec, name);
        if (column == nullptr) {
            plan.incomparable = "content not compared: column ";
            plan.incomparable.append(name).append(" is in the snapshot's digests but not in the ");
            plan.incomparable += other_name;
            break;
        }
        std::string quoted = live.quote_ident(name);
        checksum::ColumnPlan cp =
            checksum::plan_column(live.tables->types, column->type_oid, quoted);
        if (!cp.read) {
            plan.incomparable = "content not compared: column ";
            plan.incomparable.append(name)
                .append(" is in the snapshot's digests but cannot be read in the ")
                .append(other_name)
                .append(" (")
                .append(cp.excluded_reason)
                .append(")");
            break;
        }
        selects.push_back({std::move(quoted), *cp.read});
    }
    auto mentioned = [&](const std::string& name) {
        return std::find(order.begin(), order.end(), name) != order.end() ||
               std::any_of(ft.excluded_columns.begin(), ft.excluded_columns.end(),
                           [&](const std::string& e) { return e.rfind(name + ": ", 0) == 0; });
    };
    for (const auto& column : spec.columns) {
        if (!mentioned(column.name)) {
            plan.result.excluded_columns.push_back(column.name + ": only in " + other_name +
                                                   " (not in the snapshot)");
        }
    }
    if (!plan.incomparable.empty()) {
        selects.clear(); // rows are still counted
    }
    sp.select = build_select_list(selects, sp.codec);
}

checksum::PushdownTypes pushdown_types(const SideFacts& side) {
    return {&side.tables->types, side.composite_fields, side.quote_ident};
}

// Pushdown: the canonical fields of both sides (checksum/pushdown_sql.hpp), matched by name.
void plan_pushdown(TablePlan& plan, const std::array<SideFacts, 2>& sides) {
    checksum::PushdownColumns columns = checksum::plan_pushdown_columns(
        *plan.sides[k_source].spec, *plan.sides[k_target].spec,
        {pushdown_types(sides[k_source]), pushdown_types(sides[k_target])});
    plan.result.excluded_columns = columns.excluded;
    plan.result.column_names = columns.matched;
    for (std::size_t s = 0; s < 2; ++s) {
        plan.sides[s].pushdown_fields = std::move(columns.fields[s]);
        plan.sides[s].signature = std::move(columns.signatures[s]);
    }
}

// Pushdown for a leaf on one side only: every column it can render, so the root's sum is right.
void plan_pushdown_lone_side(SideRead& read, const SideFacts& side) {
    checksum::PushdownTypes types = pushdown_types(side);
    std::vector<std::string> classes;
    for (const auto& column : read.spec->columns) {
        checksum::PushdownColumn c = checksum::plan_pushdown_column(
            *types.types, *types.fields, column.type_oid, types.quote(column.name), types.quote);
        if (c.sql) {
            read.pushdown_fields.push_back(*c.sql);
            classes.push_back(c.value_class);
        }
    }
    read.signature = checksum::pushdown_signature(classes);
}

CopySource copy_source(const SideFacts& side, const TableSpec& spec) {
    CopySource out;
    out.relation = qualified(side, spec);
    out.relation_literal = side.quote_literal(out.relation);
    out.through_coordinator = side.reads_coordinator();
    out.replicated = is_replicated(spec);
    out.matview = spec.kind == TableKind::matview;
    return out;
}

// The stream read of one side: its COPY and the scans that run it.
void plan_stream_read(SideRead& read, const SideFacts& side) {
    read.sql = copy_sql(copy_source(side, *read.spec), read.select);
    read.items = fan_out(side);
    read.codec.leading_segment_id = side.reads_coordinator();
}

// One aggregate query per table side, on the coordinator: the digest query, or in count mode
// the count query.
// The relation an aggregate query of one table side reads, as both pushdown forms need it.
checksum::PushdownRelation pushdown_relation(const SideFacts& side, const TableSpec& spec) {
    checksum::PushdownRelation relation;
    relation.relation = qualified(side, spec);
    relation.relation_literal = side.quote_literal(relation.relation);
    relation.greenplum = side.is_greenplum();
    relation.replicated = is_replicated(spec);
    relation.utf8 = side.utf8_text;
    return relation;
}

void plan_pushdown_read(SideRead& read, const SideFacts& side, Mode mode) {
    const checksum::PushdownRelation relation = pushdown_relation(side, *read.spec);
    read.sql = mode == Mode::count ? checksum::pushdown_count_sql(relation)
                                   : checksum::pushdown_digest_sql(relation, read.pushdown_fields);
    read.items = {ReadItem{-1, -1}};
}

// One aggregate query per table side, on the coordinator, through the gpparity extension: the
// stream plan's select list and codecs, encoded on the segments (checksum/server_digest.hpp).
void plan_server_digest_read(SideRead& read, const SideFacts& side) {
    read.sql =
        checksum::server_digest_sql(pushdown_relation(side, *read.spec), side.digest_function,
                                    read.codec.columns, read.select.column_sql);
    read.server_digest = true;
    read.items = {ReadItem{-1, -1}};
}

bool uses_server_digest(const DataPlanOptions& options) {
    return options.strategy == Strategy::pushdown && options.mode == Mode::hash &&
           options.server_digest;
}

void plan_read(SideRead& read, const SideFacts& side, const DataPlanOptions& options) {
    if (uses_server_digest(options)) {
        plan_server_digest_read(read, side);
    } else if (options.strategy == Strategy::pushdown) {
        plan_pushdown_read(read, side, options.mode);
    } else {
        plan_stream_read(read, side);
    }
}

// A partition leaf that exists on one side only is still read on that side, so its root's sum
// and its own row count are right.
void plan_lone_leaf(TablePlan& plan, std::size_t s, const SideFacts& side,
                    const DataPlanOptions& options) {
    plan.lone_side = s;
    SideRead& read = plan.sides[s];
    if (side.is_snapshot()) {
        return; // its digests are in the file
    }
    if (options.strategy == Strategy::pushdown && !uses_server_digest(options)) {
        plan_pushdown_lone_side(read, side);
    } else {
        read.select =
            build_select_list(readable_columns(side, *read.spec, nullptr, nullptr), read.codec);
    }
    plan_read(read, side, options);
}

// The target's own placement check for a table read from a live Greenplum target: the key
// columns' raw send bytes must be in the target's select list (appended when not).
void plan_target_placement(TablePlan& plan, const SideFacts& target) {
    const TableSpec& spec = *plan.sides[k_target].spec;
    plan.target_check = checksum::plan_placement_check(spec, target.tables->types, target.flavor);
    if (plan.target_check->check) {
        checksum::prepare_key_fields(
            *plan.target_check->check, spec, target.tables->types, plan.result.column_names,
            [&target](const std::string& name) { return target.quote_ident(name); },
            plan.sides[k_target].select.sql, plan.sides[k_target].codec);
    }
}

// A table present on both sides, whose rows can be read on both.
void plan_compared(TablePlan& plan, const std::array<SideFacts, 2>& sides,
                   const DataPlanOptions& options) {
    const TableSpec& src = *plan.sides[k_source].spec;
    const TableSpec& tgt = *plan.sides[k_target].spec;
    const bool pushdown = options.strategy == Strategy::pushdown;
    if (pushdown && !uses_server_digest(options)) {
        if (options.mode == Mode::hash) {
            plan_pushdown(plan, sides);
        }
    } else if (sides[k_source].is_snapshot() || sides[k_target].is_snapshot()) {
        plan_columns_fixed(plan, sides);
    } else {
        plan_columns(plan, sides);
    }
    plan.placement = checksum::decide_placement(src.policy, tgt.policy);
    plan.rollup = src.kind == TableKind::partition_root || tgt.kind == TableKind::partition_root;
    if (options.check_placement && !pushdown && !sides[k_target].is_snapshot() &&
        sides[k_target].is_greenplum() && tgt.kind != TableKind::partition_root) {
        plan_target_placement(plan, sides[k_target]);
    }
    for (std::size_t s = 0; s < 2; ++s) {
        if (plan.sides[s].spec->kind != TableKind::partition_root && !sides[s].is_snapshot()) {
            plan_read(plan.sides[s], sides[s], options);
        }
    }
    plan.compared = true;
}

TablePlan plan_table(const std::string& identity, const std::array<const TableSpec*, 2>& specs,
                     const std::array<SideFacts, 2>& sides, const DataPlanOptions& options) {
    TablePlan plan;
    plan.identity = identity;
    plan.result.table = identity;
    plan.result.strategy = std::string(to_string(options.strategy));
    plan.sides[k_source].spec = specs[k_source];
    plan.sides[k_target].spec = specs[k_target];
    const TableSpec* src = specs[k_source];
    const TableSpec* tgt = specs[k_target];
    if (src == nullptr || tgt == nullptr) {
        plan.preset =
            src == nullptr ? TableStatus::extra_in_target : TableStatus::missing_in_target;
        const std::size_t s = src == nullptr ? k_target : k_source;
        if (specs[s]->kind == TableKind::partition_leaf) {
            plan_lone_leaf(plan, s, sides[s], options);
        }
    } else if (src->kind == TableKind::in_root || tgt->kind == TableKind::in_root) {
        // Its rows are only known as part of its root's: the other side's leaf is read for the
        // root's sum, and the verdict is the root's.
        plan.preset = TableStatus::not_applicable;
        plan.result.message = "backed up inside its partition root (gpbackup without "
                              "--leaf-partition-data): its rows are compared at the root";
        const std::size_t s = src->kind == TableKind::in_root ? k_target : k_source;
        if (specs[s]->kind == TableKind::partition_leaf) {
            plan_lone_leaf(plan, s, sides[s], options);
        }
    } else if (is_unread_kind(src->kind) || is_unread_kind(tgt->kind)) {
        plan.preset = TableStatus::not_applicable;
        plan.result.message = unread_reason(is_unread_kind(src->kind) ? src->kind : tgt->kind);
    } else if (!src->populated || !tgt->populated) {
        plan.preset = TableStatus::skipped;
        plan.result.message = std::string("materialized view is not populated in the ") +
                              (!src->populated ? "source" : "target");
    } else {
        plan_compared(plan, sides, options);
    }
    return plan;
}

// Per root identity (as the report prints it, looked up on each side), its leaves' indexes.
std::map<std::string, std::vector<std::size_t>>
leaves_of_roots(const std::vector<TablePlan>& tables, const std::array<SideFacts, 2>& sides,
                std::size_t side_count) {
    std::map<std::string, std::vector<std::size_t>> out;
    for (std::size_t s = 0; s < side_count; ++s) {
        std::map<std::pair<std::string, std::string>, std::string> root_identity;
        for (const auto& t : sides[s].tables->tables) {
            if (t.kind == TableKind::partition_root) {
                root_identity[{t.schema, t.name}] = t.identity;
            }
        }
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const TableSpec* spec = tables[i].sides[s].spec;
            if (spec == nullptr || spec->kind != TableKind::partition_leaf) {
                continue;
            }
            auto root = root_identity.find({spec->root_schema, spec->root_name});
            if (root == root_identity.end()) {
                continue;
            }
            auto& list = out[root->second];
            if (std::find(list.begin(), list.end(), i) == list.end()) {
                list.push_back(i);
            }
        }
    }
    return out;
}

// TEST ONLY: the table as if it were hash-distributed as `pretend` says.
TableSpec pretend_spec(const TableSpec& spec, const checksum::TypeRegistry& types,
                       const PretendDistribution& pretend) {
    TableSpec out = spec;
    out.policy = {};
    out.policy.kind = checksum::DistributionPolicy::Kind::hash;
    out.policy.numsegments = pretend.numsegments;
    for (const auto& name : pretend.key_columns) {
        const checksum::ColumnSpec* column = find_column(spec, name);
        std::string type_name = "unknown";
        if (column != nullptr) {
            auto t = types.find(column->type_oid);
            if (t != types.end()) {
                type_name = t->second.name;
            }
        }
        // The type's default hash opclass is named after it (int4_ops, text_ops, ...); the
        // legacy one is cdbhash_<type>_ops.
        std::string opclass = (pretend.legacy ? "cdbhash_" : "") + type_name + "_ops";
        out.policy.key_columns.push_back(name);
        out.policy.key_opclasses.push_back("pg_catalog." + opclass);
        std::string key = name;
        key.append(" pg_catalog.").append(opclass);
        out.policy.keys.push_back(std::move(key));
    }
    return out;
}

// Hash-distributed: only the key columns are read, raw; the digest counts rows.
void plan_key_read(PlacementTable& table, const SideFacts& side) {
    checksum::PlacementCheck& check = *table.check.check;
    std::vector<ColumnSelect> selects;
    std::vector<std::string> raw;
    for (const auto& key : check.keys) {
        std::string quoted = side.quote_ident(key.column);
        checksum::ColumnRead read{
            quoted, checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}}};
        selects.push_back({std::move(quoted), std::move(read)});
        raw.push_back(key.column);
    }
    table.read.select = build_select_list(selects, table.read.codec);
    (void)checksum::bind_key_fields(check, raw);
}

// What a placement run does with one table that can hold rows.
void plan_placement_read(PlacementTable& table, const SideFacts& side, int postgres_segment) {
    const TableSpec& spec = *table.spec;
    table.check = checksum::plan_placement_check(spec, side.tables->types, side.flavor);
    switch (table.check.kind) {
    case checksum::PlacementCheckPlan::Kind::hash:
        plan_key_read(table, side);
        break;
    case checksum::PlacementCheckPlan::Kind::replicated:
        // Whole rows, so the segments' digests can be compared with each other.
        table.read.select = build_select_list(
            readable_columns(side, spec, nullptr, &table.result.excluded_columns, false),
            table.read.codec);
        break;
    case checksum::PlacementCheckPlan::Kind::random:
        table.result.placement_note = table.check.note;
        return;
    case checksum::PlacementCheckPlan::Kind::not_checked:
        table.result.status = TableStatus::skipped;
        table.result.message = table.check.note;
        return;
    }
    table.read.spec = &spec;
    table.read.sql = copy_sql(copy_source(side, spec), table.read.select);
    table.read.items = fan_out(side, postgres_segment);
    table.read.codec.leading_segment_id = side.reads_coordinator();
}

} // namespace

PlacementPlan plan_placement(const SideFacts& target, const catalog::Filter& filter,
                             const std::optional<PretendDistribution>& pretend) {
    PlacementPlan plan;
    for (const auto& t : target.tables->tables) {
        if (t.kind == TableKind::intermediate || !is_selected(filter, t)) {
            continue;
        }
        PlacementTable& table = plan.tables.emplace_back();
        table.spec = &t;
        if (pretend && t.kind != TableKind::partition_root) {
            plan.pretended.push_back(
                std::make_unique<TableSpec>(pretend_spec(t, target.tables->types, *pretend)));
            table.spec = plan.pretended.back().get();
        }
        const TableSpec& spec = *table.spec;
        table.result.table = spec.identity;
        table.result.strategy = "stream";
        if (is_unread_kind(spec.kind)) {
            // Their rows live outside the cluster: there is no placement to check.
            table.result.status = TableStatus::not_applicable;
            table.result.message = spec.kind == TableKind::external
                                       ? "external table: its data lives outside the cluster"
                                       : "foreign table: its data lives outside the cluster";
        } else if (!spec.populated) {
            table.result.status = TableStatus::skipped;
            table.result.message = "materialized view is not populated";
        } else if (spec.kind == TableKind::partition_root) {
            table.result.placement_note = "partition root: its rows are checked in its leaves";
        } else {
            plan_placement_read(table, target, pretend ? pretend->segment : -1);
        }
    }
    return plan;
}

SelectList build_select_list(const std::vector<ColumnSelect>& columns, checksum::RowCodec& codec) {
    SelectList out;
    out.plain_columns = !columns.empty();
    for (const auto& column : columns) {
        out.sql += (out.sql.empty() ? "" : ", ") + column.read.sql;
        out.column_sql.push_back(column.read.sql);
        out.plain_columns = out.plain_columns && column.read.sql == column.quoted;
        codec.columns.push_back(column.read.codec);
    }
    if (columns.empty()) {
        out.sql = "1";
        codec.columns.push_back(
            checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
    }
    return out;
}

std::string copy_sql(const CopySource& source, const SelectList& select, const CopyExtras& extras) {
    const bool extra = !extras.display.empty() || !extras.predicate.empty();
    if (!source.through_coordinator && select.plain_columns && !source.matview && !extra) {
        // `COPY table (columns) TO` reads that table only (no children, like ONLY) and skips
        // the executor's projection: measurably cheaper on the server than COPY (SELECT).
        return "COPY " + source.relation + " (" + select.sql + ") TO STDOUT (FORMAT binary)";
    }
    std::string list = select.sql;
    if (!extras.display.empty()) {
        list += ", " + extras.display;
    }
    std::vector<std::string> conditions;
    std::string from = "ONLY " + source.relation;
    if (source.through_coordinator) {
        // Rows tagged with their segment; a plain scan of a replicated table reads one
        // segment, gp_dist_random reads every copy (greenplum.md §2.3).
        checksum::SegmentScan scan =
            checksum::segment_scan(source.relation, source.relation_literal, source.replicated);
        from = scan.from;
        list = scan.segment_id + ", " + list;
        if (!extras.contents.empty()) {
            std::string ids;
            for (int c : extras.contents) {
                ids += (ids.empty() ? "" : ", ") + std::to_string(c);
            }
            conditions.push_back(scan.segment_id + " IN (" + ids + ")");
        }
    }
    if (!extras.predicate.empty()) {
        conditions.push_back(extras.predicate);
    }
    std::string where;
    for (const auto& c : conditions) {
        where += (where.empty() ? " WHERE " : " AND ") + c;
    }
    return "COPY (SELECT " + list + " FROM " + from + where + ") TO STDOUT (FORMAT binary)";
}

std::vector<ReadItem> fan_out(const SideFacts& side, int postgres_segment) {
    if (!side.is_greenplum()) {
        return {ReadItem{-1, postgres_segment}};
    }
    if (side.reads_coordinator()) {
        return {ReadItem{-1, -1}};
    }
    std::vector<ReadItem> out;
    for (int content : side.segments) {
        out.push_back(ReadItem{content, content});
    }
    return out;
}

bool is_selected(const catalog::Filter& filter, const TableSpec& t) {
    if (!t.root_name.empty()) {
        catalog::Filter excludes({}, filter.excludes());
        if (!excludes.accepts(t.root_schema, t.root_name)) {
            return false;
        }
        return filter.accepts(t.schema, t.name) || filter.accepts(t.root_schema, t.root_name);
    }
    return filter.accepts(t.schema, t.name);
}

void require_includes_match(const catalog::Filter& filter,
                            const std::vector<const checksum::ClusterTables*>& sides) {
    if (!filter.requires_include_matches()) {
        return;
    }
    for (const auto& pattern : filter.includes()) {
        bool any = false;
        for (const auto* side : sides) {
            any = any ||
                  std::any_of(side->tables.begin(), side->tables.end(), [&](const TableSpec& t) {
                      return catalog::glob_match(pattern, t.schema + "." + t.name);
                  });
        }
        if (!any) {
            throw catalog::UsageError("--include '" + pattern + "' matches no table");
        }
    }
}

DataPlan plan_data(const std::array<SideFacts, 2>& sides, const DataPlanOptions& options) {
    DataPlan plan;
    plan.strategy = options.strategy;
    plan.mode = options.mode;
    std::array<std::map<std::string, const TableSpec*>, 2> selected{
        selected_tables(sides[k_source], options.filter),
        selected_tables(sides[k_target], options.filter)};
    std::set<std::string> identities;
    for (const auto& side : selected) {
        for (const auto& [identity, spec] : side) {
            identities.insert(identity);
        }
    }
    for (const auto& identity : identities) {
        std::array<const TableSpec*, 2> specs{};
        for (std::size_t s = 0; s < 2; ++s) {
            auto it = selected[s].find(identity);
            specs[s] = it == selected[s].end() ? nullptr : it->second;
        }
        plan.tables.push_back(plan_table(identity, specs, sides, options));
    }
    plan.leaves_of = leaves_of_roots(plan.tables, sides, 2);
    return plan;
}

TablePlan plan_stream_columns(const TablePlan& table, const std::array<SideFacts, 2>& sides) {
    TablePlan out;
    out.identity = table.identity;
    out.sides[k_source].spec = table.sides[k_source].spec;
    out.sides[k_target].spec = table.sides[k_target].spec;
    plan_columns(out, sides);
    return out;
}

DataPlan plan_snapshot(const SideFacts& side, const catalog::Filter& filter) {
    DataPlan plan;
    for (const auto& [identity, spec] : selected_tables(side, filter)) {
        TablePlan& table = plan.tables.emplace_back();
        table.identity = identity;
        table.result.table = identity;
        table.lone_side = k_source;
        SideRead& read = table.sides[k_source];
        read.spec = spec;
        if (spec->kind == TableKind::partition_root || is_unread_kind(spec->kind) ||
            !spec->populated) {
            continue;
        }
        read.select = build_select_list(readable_columns(side, *spec, &table.result.column_names,
                                                         &table.result.excluded_columns),
                                        read.codec);
        plan_stream_read(read, side);
    }
    return plan;
}

TableStatus rollup_contribution(TableStatus leaf) noexcept {
    switch (leaf) {
    case TableStatus::missing_in_target:
    case TableStatus::extra_in_target:
        return TableStatus::count_mismatch;
    case TableStatus::skipped:
    case TableStatus::not_applicable:
        return TableStatus::match;
    default:
        return leaf;
    }
}

void roll_up_digests(const DataPlan& plan,
                     std::map<std::string, std::array<checksum::SideDigests, 2>>& digests) {
    for (const auto& root : plan.tables) {
        if (!root.compared || !root.rollup) {
            continue;
        }
        auto leaves = plan.leaves_of.find(root.identity);
        for (std::size_t s = 0; s < 2; ++s) {
            const TableSpec& spec = *root.sides[s].spec;
            if (spec.kind != TableKind::partition_root) {
                continue;
            }
            checksum::SideDigests sum;
            sum.replicated = is_replicated(spec);
            for (std::size_t i :
                 leaves == plan.leaves_of.end() ? std::vector<std::size_t>{} : leaves->second) {
                const TablePlan& leaf = plan.tables[i];
                const TableSpec* leaf_spec = leaf.sides[s].spec;
                if (leaf_spec == nullptr || leaf_spec->root_name != spec.name ||
                    leaf_spec->root_schema != spec.schema) {
                    continue;
                }
                auto d = digests.find(leaf.identity);
                if (d == digests.end()) {
                    continue; // not read (external, or absent on the other side)
                }
                const checksum::SideDigests& part = d->second[s];
                if (part.error) {
                    sum.error = "leaf " + leaf.identity + " could not be read";
                }
                for (const auto& [content, digest] : part.segments) {
                    sum.segments[content] += digest;
                }
            }
            if (sum.error) {
                sum.segments.clear();
            }
            digests[root.identity][s] = std::move(sum);
        }
    }
}

void apply_incomparable(const TablePlan& table, checksum::TableResult& result) {
    if (table.incomparable.empty() || result.status == TableStatus::count_mismatch ||
        result.status == TableStatus::error) {
        return;
    }
    result.status = TableStatus::skipped;
    result.message = table.incomparable;
}

} // namespace gpparity::verify
