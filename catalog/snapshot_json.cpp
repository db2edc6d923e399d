#include "catalog/snapshot_json.hpp"

#include "catalog/error.hpp"

#include <algorithm>

namespace gpparity::catalog {

std::string to_string(const ObjectRef& ref) {
    return std::string(to_string(ref.kind)) + ":" + ref.identity;
}

nlohmann::json snapshot_to_json(const Snapshot& snapshot) {
    std::vector<const CatalogObject*> order;
    order.reserve(snapshot.objects.size());
    for (const auto& o : snapshot.objects) {
        order.push_back(&o);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const CatalogObject* a, const CatalogObject* b) {
                         if (a->kind != b->kind) {
                             return a->kind < b->kind;
                         }
                         return a->identity < b->identity;
                     });
    nlohmann::json objects = nlohmann::json::array();
    for (const CatalogObject* o : order) {
        nlohmann::json attributes = nlohmann::json::array();
        for (const auto& a : o->attributes) {
            attributes.push_back({a.name, a.value ? nlohmann::json(*a.value) : nlohmann::json()});
        }
        nlohmann::json object = {{"kind", to_string(o->kind)},
                                 {"identity", o->identity},
                                 {"schema", o->schema},
                                 {"name", o->name},
                                 {"attributes", std::move(attributes)}};
        if (!o->parent.empty()) {
            object["parent"] = o->parent;
        }
        if (!o->ddl.empty()) {
            object["ddl"] = o->ddl;
        }
        // Written only when not full, so snapshots of live databases are unchanged.
        if (o->coverage == Coverage::no_members) {
            object["coverage"] = "no_members";
        } else if (o->coverage == Coverage::presence) {
            object["coverage"] = "presence";
        }
        if (!o->depends_on.empty()) {
            std::vector<ObjectRef> refs = o->depends_on;
            std::sort(refs.begin(), refs.end());
            nlohmann::json deps = nlohmann::json::array();
            for (const auto& r : refs) {
                deps.push_back(to_string(r));
            }
            object["depends_on"] = std::move(deps);
        }
        objects.push_back(std::move(object));
    }
    return {{"query_count", snapshot.query_count}, {"objects", std::move(objects)}};
}

namespace {

// Well-formed UTF-8 (Unicode 3.9 table 3-7): what nlohmann::json accepts without replacing.
bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            lo = b0 == 0xE0 ? 0xA0 : 0x80;
            hi = b0 == 0xED ? 0x9F : 0xBF;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            lo = b0 == 0xF0 ? 0x90 : 0x80;
            hi = b0 == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + length > n) {
            return false;
        }
        auto b1 = static_cast<unsigned char>(text[i + 1]);
        if (b1 < lo || b1 > hi) {
            return false;
        }
        for (std::size_t k = 2; k < length; ++k) {
            auto b = static_cast<unsigned char>(text[i + k]);
            if (b < 0x80 || b > 0xBF) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

// A JSON string as nlohmann::json::dump() writes it (ensure_ascii off): the two mandatory
// escapes, the short forms \b \f \n \r \t, \u00xx (lowercase) for other control characters.
bool append_json_string(std::string& out, std::string_view text) {
    if (!is_valid_utf8(text)) {
        return false;
    }
    static const char k_hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(k_hex[c >> 4]);
                out.push_back(k_hex[c & 0x0F]);
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
    return true;
}

std::string string_field(const nlohmann::json& object, const char* key, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
        if (required) {
            throw UsageError(std::string("object without \"") + key + "\"");
        }
        return {};
    }
    if (!it->is_string()) {
        throw UsageError(std::string("\"") + key + "\" is not a string");
    }
    return it->get<std::string>();
}

CatalogObject object_from_json(const nlohmann::json& j) {
    if (!j.is_object()) {
        throw UsageError("an object entry is not a JSON object");
    }
    CatalogObject o;
    std::string kind = string_field(j, "kind", true);
    auto parsed = parse_object_kind(kind);
    if (!parsed) {
        throw UsageError("unknown object kind \"" + kind + "\"");
    }
    o.kind = *parsed;
    o.identity = string_field(j, "identity", true);
    try {
        o.schema = string_field(j, "schema", false);
        o.name = string_field(j, "name", false);
        o.parent = string_field(j, "parent", false);
        o.ddl = string_field(j, "ddl", false);
        std::string coverage = string_field(j, "coverage", false);
        if (coverage == "no_members") {
            o.coverage = Coverage::no_members;
        } else if (coverage == "presence") {
            o.coverage = Coverage::presence;
        } else if (!coverage.empty() && coverage != "full") {
            throw UsageError("unknown coverage \"" + coverage + "\"");
        }
        auto attributes = j.find("attributes");
        if (attributes != j.end()) {
            if (!attributes->is_array()) {
                throw UsageError("\"attributes\" is not an array");
            }
            for (const auto& a : *attributes) {
                if (!a.is_array() || a.size() != 2 || !a[0].is_string() ||
                    !(a[1].is_string() || a[1].is_null())) {
                    throw UsageError("an attribute is not a [name, text|null] pair");
                }
                o.attributes.push_back(Attribute{
                    a[0].get<std::string>(),
                    a[1].is_null() ? std::nullopt
                                   : std::optional<std::string>(a[1].get<std::string>())});
            }
        }
        auto deps = j.find("depends_on");
        if (deps != j.end()) {
            if (!deps->is_array()) {
                throw UsageError("\"depends_on\" is not an array");
            }
            for (const auto& d : *deps) {
                if (!d.is_string()) {
                    throw UsageError("a dependency is not a string");
                }
                std::string text = d.get<std::string>();
                auto colon = text.find(':');
                auto dep_kind = colon == std::string::npos
                                    ? std::nullopt
                                    : parse_object_kind(text.substr(0, colon));
                if (!dep_kind) {
                    throw UsageError("malformed dependency \"" + text + "\"");
                }
                o.depends_on.push_back(ObjectRef{*dep_kind, text.substr(colon + 1)});
            }
        }
    } catch (const UsageError& e) {
        throw UsageError(kind + " " + o.identity + ": " + e.what());
    }
    return o;
}

} // namespace

bool append_snapshot_json(const Snapshot& snapshot, std::string& out) {
    std::vector<const CatalogObject*> order;
    order.reserve(snapshot.objects.size());
    for (const auto& o : snapshot.objects) {
        order.push_back(&o);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const CatalogObject* a, const CatalogObject* b) {
                         if (a->kind != b->kind) {
                             return a->kind < b->kind;
                         }
                         return a->identity < b->identity;
                     });
    const std::size_t start = out.size();
    // Keys in the order nlohmann's std::map keeps them: objects, query_count; and per object
    // attributes, coverage, ddl, depends_on, identity, kind, name, parent, schema.
    out += "{\"objects\":[";
    bool ok = true;
    bool first = true;
    for (const CatalogObject* o : order) {
        out += first ? "{\"attributes\":[" : ",{\"attributes\":[";
        first = false;
        bool first_attribute = true;
        for (const auto& a : o->attributes) {
            out += first_attribute ? "[" : ",[";
            first_attribute = false;
            ok = ok && append_json_string(out, a.name);
            out.push_back(',');
            if (a.value) {
                ok = ok && append_json_string(out, *a.value);
            } else {
                out += "null";
            }
            out.push_back(']');
        }
        out.push_back(']');
        if (o->coverage == Coverage::no_members) {
            out += ",\"coverage\":\"no_members\"";
        } else if (o->coverage == Coverage::presence) {
            out += ",\"coverage\":\"presence\"";
        }
        if (!o->ddl.empty()) {
            out += ",\"ddl\":";
            ok = ok && append_json_string(out, o->ddl);
        }
        if (!o->depends_on.empty()) {
            std::vector<ObjectRef> refs = o->depends_on;
            std::sort(refs.begin(), refs.end());
            out += ",\"depends_on\":[";
            for (std::size_t i = 0; i < refs.size(); ++i) {
                if (i != 0) {
                    out.push_back(',');
                }
                ok = ok && append_json_string(out, to_string(refs[i]));
            }
            out.push_back(']');
        }
        out += ",\"identity\":";
        ok = ok && append_json_string(out, o->identity);
        out += ",\"kind\":";
        ok = ok && append_json_string(out, to_string(o->kind));
        out += ",\"name\":";
        ok = ok && append_json_string(out, o->name);
        if (!o->parent.empty()) {
            out += ",\"parent\":";
            ok = ok && append_json_string(out, o->parent);
        }
        out += ",\"schema\":";
        ok = ok && append_json_string(out, o->schema);
        out.push_back('}');
        if (!ok) {
            out.resize(start);
            return false;
        }
    }
    out += "],\"query_count\":" + std::to_string(snapshot.query_count) + "}";
    return true;
}

void snapshot_from_json(const nlohmann::json& json, Snapshot& snapshot) {
    if (!json.is_object()) {
        throw UsageError("catalog is not a JSON object");
    }
    auto count = json.find("query_count");
    if (count != json.end()) {
        if (!count->is_number_integer()) {
            throw UsageError("\"query_count\" is not an integer");
        }
        snapshot.query_count = count->get<int>();
    }
    auto objects = json.find("objects");
    if (objects == json.end() || !objects->is_array()) {
        throw UsageError("catalog has no \"objects\" array");
    }
    snapshot.objects.clear();
    snapshot.objects.reserve(objects->size());
    for (const auto& j : *objects) {
        snapshot.objects.push_back(object_from_json(j));
    }
    snapshot.sort();
    for (std::size_t i = 1; i < snapshot.objects.size(); ++i) {
        const auto& a = snapshot.objects[i - 1];
        const auto& b = snapshot.objects[i];
        if (a.kind == b.kind && a.identity == b.identity) {
            throw UsageError("two " + std::string(to_string(a.kind)) + " objects named " +
                             a.identity);
        }
    }
}

} // namespace gpparity::catalog
