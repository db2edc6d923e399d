#include "catalog/diff.hpp"

#include "catalog/text.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>

namespace gpparity::catalog {

namespace {

std::optional<long long> to_integer(const std::optional<std::string>& value) {
    if (!value) {
        return std::nullopt;
    }
    long long n = 0;
    const char* begin = value->data();
    const char* end = begin + value->size();
    auto [ptr, ec] = std::from_chars(begin, end, n);
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return n;
}

// The value an attribute had before any rule touched it; the names of those rules are added
// to `rules`.
const std::optional<std::string>* raw_value(const CatalogObject& object, const ObjectNotes* notes,
                                            std::string_view attribute,
                                            std::vector<std::string>* rules) {
    const std::optional<std::string>* before = nullptr;
    if (notes != nullptr) {
        for (const auto& e : notes->effects) {
            if (e.attribute == attribute) {
                if (before == nullptr) {
                    before = &e.before;
                }
                if (rules != nullptr &&
                    std::find(rules->begin(), rules->end(), e.rule) == rules->end()) {
                    rules->push_back(e.rule);
                }
            }
        }
    }
    return before != nullptr ? before : object.find(attribute);
}

bool has_relation(const Snapshot& snapshot, const std::string& identity) {
    for (ObjectKind kind :
         {ObjectKind::table, ObjectKind::external_table, ObjectKind::foreign_table,
          ObjectKind::view, ObjectKind::materialized_view}) {
        if (snapshot.find(kind, identity) != nullptr) {
            return true;
        }
    }
    return false;
}

// The object `identity` names as a parent (a relation, type, domain or routine), or nullptr.
const CatalogObject* find_parent(const Snapshot& snapshot, const std::string& identity) {
    for (ObjectKind kind :
         {ObjectKind::table, ObjectKind::external_table, ObjectKind::foreign_table,
          ObjectKind::view, ObjectKind::materialized_view, ObjectKind::type, ObjectKind::domain,
          ObjectKind::sequence, ObjectKind::schema, ObjectKind::function, ObjectKind::procedure,
          ObjectKind::aggregate}) {
        if (const auto* o = snapshot.find(kind, identity)) {
            return o;
        }
    }
    return nullptr;
}

void add_rule(std::vector<std::string>& rules, const std::string& rule) {
    if (!rule.empty() && std::find(rules.begin(), rules.end(), rule) == rules.end()) {
        rules.push_back(rule);
    }
}

struct Differ {
    const NormalizedSnapshot& source;
    const NormalizedSnapshot& target;
    const NormalizeContext& source_context;
    std::vector<Finding>& findings;

    void missing(const CatalogObject& o) {
        const ObjectNotes* notes = source.notes_for(o.kind, o.identity);
        const bool incompatible = notes != nullptr && !notes->incompatible_reason.empty();
        if (!incompatible && o.kind == ObjectKind::column &&
            !has_relation(target.snapshot, o.parent) && has_relation(source.snapshot, o.parent)) {
            return; // reported with its table
        }
        Finding f;
        f.kind = o.kind;
        f.object = o.identity;
        if (notes != nullptr && !notes->incompatible_reason.empty()) {
            f.status = FindingStatus::incompatible;
            f.reason = notes->incompatible_reason;
            f.rule = notes->incompatible_rule;
        } else {
            f.status = FindingStatus::missing_in_target;
        }
        findings.push_back(std::move(f));
    }

    // Whether `o` belongs to an object that exists on both sides and that one side does not
    // describe with its members (Coverage::no_members or presence): such a side cannot say
    // anything about `o`.
    [[nodiscard]] bool is_member_of_partial(const CatalogObject& o) const {
        if (o.parent.empty()) {
            return false;
        }
        const CatalogObject* s_parent = find_parent(source.snapshot, o.parent);
        const CatalogObject* t_parent = find_parent(target.snapshot, o.parent);
        return s_parent != nullptr && t_parent != nullptr &&
               (s_parent->coverage != Coverage::full || t_parent->coverage != Coverage::full);
    }

    void extra(const CatalogObject& o) {
        if (is_member_of_partial(o)) {
            return;
        }
        // The columns, indexes, constraints, privileges... of an extra table are part of it.
        if (!o.parent.empty() && !has_relation(source.snapshot, o.parent) &&
            has_relation(target.snapshot, o.parent)) {
            return;
        }
        Finding f;
        f.kind = o.kind;
        f.object = o.identity;
        f.status = FindingStatus::extra_in_target;
        findings.push_back(std::move(f));
    }

    void compare(const CatalogObject& s, const CatalogObject& t) {
        if (s.coverage == Coverage::presence || t.coverage == Coverage::presence) {
            return; // present on both sides is all one of them can say
        }
        const ObjectNotes* s_notes = source.notes_for(s.kind, s.identity);
        const ObjectNotes* t_notes = target.notes_for(t.kind, t.identity);
        std::vector<FindingDetail> changed;
        std::vector<FindingDetail> explained;
        std::vector<std::string> rules;
        for (const auto& a : s.attributes) {
            const auto* tv = t.find(a.name);
            if (tv == nullptr) {
                continue; // the target's flavor does not have this attribute
            }
            std::vector<std::string> attribute_rules;
            const auto* s_raw = raw_value(s, s_notes, a.name, &attribute_rules);
            const auto* t_raw = raw_value(t, t_notes, a.name, &attribute_rules);
            if (a.value == *tv) {
                if (s_raw != nullptr && t_raw != nullptr && *s_raw != *t_raw) {
                    for (const auto& r : attribute_rules) {
                        add_rule(rules, r);
                    }
                    explained.push_back(FindingDetail{a.name, *s_raw, *t_raw});
                }
                continue;
            }
            if (auto rule = pair_rule(s, a.name, a.value, *tv, source_context)) {
                if (!rule->empty()) {
                    add_rule(rules, *rule);
                    explained.push_back(FindingDetail{a.name, a.value, *tv});
                }
                continue;
            }
            changed.push_back(FindingDetail{a.name, a.value, *tv});
        }
        // A renamed object (a routine whose argument types were removed) matched under its
        // new identity: the rename is part of the expected change.
        if (s_notes != nullptr) {
            for (const auto& e : s_notes->effects) {
                if (e.attribute.empty() && e.before && *e.before != s.identity) {
                    add_rule(rules, e.rule);
                    explained.push_back(FindingDetail{"identity", e.before, s.identity});
                }
            }
        }
        // The target database restored under another name (rule database_name).
        if (t_notes != nullptr) {
            for (const auto& e : t_notes->effects) {
                if (e.rule == "database_name" && s.kind == ObjectKind::database &&
                    e.attribute.empty() && e.before) {
                    add_rule(rules, e.rule);
                    explained.push_back(FindingDetail{"identity", s.identity, e.before});
                }
            }
        }
        const bool incompatible = s_notes != nullptr && !s_notes->incompatible_reason.empty();
        Finding f;
        f.kind = s.kind;
        f.object = s.identity;
        if (!changed.empty()) {
            f.status = incompatible ? FindingStatus::incompatible : FindingStatus::changed;
            if (incompatible) {
                f.reason = s_notes->incompatible_reason;
                f.rule = s_notes->incompatible_rule;
            }
            f.details = std::move(changed);
        } else if (!explained.empty()) {
            f.status = FindingStatus::expected_change;
            f.rule = join(rules, ", ");
            if (incompatible) {
                f.reason = s_notes->incompatible_reason;
            }
            f.details = std::move(explained);
        } else {
            return;
        }
        findings.push_back(std::move(f));
    }
};

} // namespace

std::optional<std::string> pair_rule(const CatalogObject& source_object, std::string_view attribute,
                                     const std::optional<std::string>& source,
                                     const std::optional<std::string>& target,
                                     const NormalizeContext& context) {
    if (source_object.kind != ObjectKind::sequence) {
        return std::nullopt;
    }
    if (attribute == "last_value") {
        // A target that has handed out at least as many values is fine: the migration copied
        // the sequence, the application went on using it (issue 4, verdict rules).
        if (!source) {
            return std::string();
        }
        auto s = to_integer(source);
        auto t = to_integer(target);
        if (!s || !t) {
            return std::nullopt;
        }
        auto increment = to_integer(source_object.get("increment", "1"));
        bool ascending = !increment || *increment >= 0;
        if (ascending ? *t >= *s : *t <= *s) {
            return std::string();
        }
        return std::nullopt;
    }
    if (!context.crossing()) {
        return std::nullopt;
    }
    // greenplum.md §3 row 12: CACHE defaults to 1 on GP6 and to 20 on GP7 when the DDL is
    // re-issued without CACHE.
    if (attribute == "cache" && source == "1" && target == "20") {
        return std::string("sequence_cache_default");
    }
    // Serial sequences are AS integer when GP7 re-runs the DDL (bigint on GP6).
    if ((attribute == "data_type" && source == "bigint" && target == "integer") ||
        (attribute == "max" && source == "9223372036854775807" && target == "2147483647")) {
        return std::string("serial_sequence_type");
    }
    return std::nullopt;
}

DiffResult diff(Snapshot source, Snapshot target) {
    NormalizeContext source_context{source.cluster.flavor, target.cluster.flavor, true, {}};
    NormalizeContext target_context{source.cluster.flavor, target.cluster.flavor, false, {}};
    for (const auto& object : source.objects) {
        if (object.kind == ObjectKind::database) {
            target_context.source_database = object.identity;
            break;
        }
    }
    DiffResult result;
    result.source = normalize(std::move(source), source_context);
    result.target = normalize(std::move(target), target_context);

    Differ differ{result.source, result.target, source_context, result.findings};
    const auto& s = result.source.snapshot.objects;
    const auto& t = result.target.snapshot.objects;
    std::map<ObjectKind, std::uint64_t> compared;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < s.size() || j < t.size()) {
        int order = 0;
        if (i == s.size()) {
            order = 1;
        } else if (j == t.size()) {
            order = -1;
        } else if (s[i].kind != t[j].kind) {
            order = s[i].kind < t[j].kind ? -1 : 1;
        } else {
            int c = s[i].identity.compare(t[j].identity);
            order = c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        if (order < 0) {
            ++compared[s[i].kind];
            differ.missing(s[i++]);
        } else if (order > 0) {
            ++compared[t[j].kind];
            differ.extra(t[j++]);
        } else {
            ++compared[s[i].kind];
            differ.compare(s[i++], t[j++]);
        }
    }
    for (const auto& [kind, count] : compared) {
        result.compared[std::string(to_string(kind))] = count;
    }
    std::stable_sort(
        result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
            return std::tie(a.status, a.kind, a.object) < std::tie(b.status, b.kind, b.object);
        });
    return result;
}

} // namespace gpparity::catalog
