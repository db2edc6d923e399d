#pragma once
/// The target-side placement check (DESIGN.md §4 "Placement", docs/placement.md): every row read
/// from a segment has its segment recomputed from its distribution key with Greenplum's own
/// algorithm (checksum/cdbhash.hpp) and is counted as misplaced when the two differ. Planning
/// decides, from a table's policy and its key columns' types and opclasses, whether the check
/// can run and why not; the checker runs inside the stream engine on the COPY fields it already
/// has (no extra query). Pure: no I/O.

#include "catalog/flavor.hpp"
#include "checksum/cdbhash.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/copy_binary.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/segment_digest.hpp"
#include "checksum/table_result.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

struct TableSpec;

/// Misplaced rows kept as examples per table.
inline constexpr std::size_t k_misplaced_examples = 10;

/// One distribution key column: its name, how it hashes, and which field of the COPY row
/// (counting after a leading gp_segment_id) carries its raw send bytes.
struct PlacementKey {
    std::string column;
    HashType type = HashType::int4;
    std::size_t field = 0;
    /// An enum key (`type` is then oid): each label's pg_enum OID in the checked cluster. The
    /// row carries the label (enum_send); hashenum hashes the OID exactly as hashoid does.
    std::map<std::string, std::uint32_t, std::less<>> enum_oids;
};

/// How to recompute one table's placement: `numsegments` from gp_distribution_policy, one
/// hash family for all key columns, the cluster's float NaN rule, the key columns in order.
struct PlacementCheck {
    int numsegments = 1;
    bool legacy = false;
    FloatNan nan = FloatNan::canonical;
    std::vector<PlacementKey> keys;
};

/// What the check can do for one table.
struct PlacementCheckPlan {
    enum class Kind {
        hash,        ///< `check` is set: every row is checked
        replicated,  ///< every segment must hold the same rows (compared segment to segment)
        random,      ///< any segment is right: nothing to check
        not_checked, ///< `note` says why (enum key, unsupported type or opclass, ...)
    };
    Kind kind = Kind::not_checked;
    std::optional<PlacementCheck> check;
    std::string note; ///< one phrase: what is checked, or why not
};

/// The float NaN rule of a flavor's default hash opclasses: as stored on Greenplum 6,
/// canonical on Greenplum 7 and PostgreSQL (docs/placement-hash.md).
[[nodiscard]] FloatNan float_nan_rule(catalog::Flavor flavor) noexcept;

/// Decides the check for `spec` from its policy (key columns, `key_opclasses`, numsegments,
/// enum flag) and its columns' types in `types`. Key fields are left at 0: bind them with
/// bind_key_fields once the select list is known.
[[nodiscard]] PlacementCheckPlan
plan_placement_check(const TableSpec& spec, const TypeRegistry& types, catalog::Flavor flavor);

/// Points each key of `check` at the field that reads its column raw: `raw_columns[i]` is the
/// column read as itself (its send bytes) in field i, or "" for a cast, a constant or an
/// ignored field. Returns the key columns no field reads raw (the caller appends them to the
/// select list, with an ignored codec, and binds again); empty when every key is bound.
[[nodiscard]] std::vector<std::string> bind_key_fields(PlacementCheck& check,
                                                       const std::vector<std::string>& raw_columns);

/// Readies `check` for a stream that selects `selected_columns` of `spec` (in order, each as
/// plan_column plans it on `types`; `select_list`/`codec` are that stream's): binds every key to
/// the field that reads its column raw, and appends `quote_ident(column)` with an ignored codec
/// (so the row encoding and digest do not change) for each key column not read raw — a column
/// only in one side, excluded, or read through a cast. When `selected_columns` is empty the
/// select list is taken to hold only ignored fields.
void prepare_key_fields(PlacementCheck& check, const TableSpec& spec, const TypeRegistry& types,
                        const std::vector<std::string>& selected_columns,
                        const std::function<std::string(const std::string&)>& quote_ident,
                        std::string& select_list, RowCodec& codec);

/// What the check found in one or more streams of one table.
struct PlacementFindings {
    std::uint64_t rows_checked = 0;
    std::uint64_t misplaced_rows = 0;
    std::map<int, std::uint64_t> misplaced_by_segment; ///< content id the rows are on -> count
    std::vector<MisplacedRow> examples;                ///< at most k_misplaced_examples

    /// Adds `other` (examples appended in order, still capped).
    PlacementFindings& operator+=(const PlacementFindings& other);
};

/// Checks rows against one table's PlacementCheck. One per stream (not thread-safe); the
/// check must outlive it.
class PlacementChecker {
public:
    explicit PlacementChecker(const PlacementCheck& check);

    /// The content id the row's key dictates. `first` is the index of the first table field
    /// (1 when a gp_segment_id leads the row). Throws DecodeError for malformed key bytes or a
    /// missing key field.
    [[nodiscard]] int segment_of(const std::vector<FieldView>& fields, std::size_t first);

    /// Checks one row found on `on_segment`, counting it (and keeping it as an example) in
    /// `findings` when it belongs elsewhere. Same throws as segment_of.
    void check_row(const std::vector<FieldView>& fields, std::size_t first, int on_segment,
                   PlacementFindings& findings);

private:
    const PlacementCheck& m_check;
    CdbHash m_hash;
    std::uint64_t* m_counter = nullptr; ///< misplaced_by_segment[m_counter_segment]
    int m_counter_segment = 0;
    const PlacementFindings* m_counter_findings = nullptr;
};

/// Applies the target-side check to a table's result (status, placement_note, segments,
/// misplaced_rows and examples are updated; an `error` result is left alone):
/// - hash with `findings`: misplaced_rows and examples are set; any misplaced row makes the
///   table placement_mismatch (unless a more severe status applies) and marks the segments the
///   rows are on;
/// - replicated: every segment of `target_segments` must hold the same rows as the others;
/// - random: nothing to check; not_checked: the reason is added to placement_note.
/// `placement_compared` becomes true when a check ran. Pure.
void apply_placement_check(const PlacementCheckPlan& plan,
                           const std::optional<PlacementFindings>& findings,
                           const std::map<int, SegmentDigest>& target_segments,
                           TableResult& result);

/// A key value as text for the report, from its send bytes: integers, numerics and floats as
/// PostgreSQL prints them (floats with up to 17 significant digits), text-like types as their
/// bytes, bool as true/false, dates and timestamps in ISO form (UTC for timestamptz), uuid and
/// macaddr in their usual form, IPv4 inet dotted; bytea and anything else as `\x` + hex of the
/// send bytes.
[[nodiscard]] std::string key_value_text(HashType type, std::string_view send_bytes);

} // namespace gpparity::checksum
