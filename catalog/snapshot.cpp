#include "catalog/snapshot.hpp"

#include <algorithm>

namespace gpparity::catalog {

const std::optional<std::string>* CatalogObject::find(std::string_view attribute) const noexcept {
    for (const auto& a : attributes) {
        if (a.name == attribute) {
            return &a.value;
        }
    }
    return nullptr;
}

std::string CatalogObject::get(std::string_view attribute, std::string_view fallback) const {
    const auto* v = find(attribute);
    if (v == nullptr || !v->has_value()) {
        return std::string(fallback);
    }
    return **v;
}

void CatalogObject::set(std::string_view attribute, std::optional<std::string> value) {
    for (auto& a : attributes) {
        if (a.name == attribute) {
            a.value = std::move(value);
            return;
        }
    }
    attributes.push_back(Attribute{std::string(attribute), std::move(value)});
}

bool CatalogObject::erase(std::string_view attribute) {
    auto it = std::find_if(attributes.begin(), attributes.end(),
                           [&](const Attribute& a) { return a.name == attribute; });
    if (it == attributes.end()) {
        return false;
    }
    attributes.erase(it);
    return true;
}

namespace {

bool object_less(const CatalogObject& a, const CatalogObject& b) {
    if (a.kind != b.kind) {
        return a.kind < b.kind;
    }
    return a.identity < b.identity;
}

} // namespace

void Snapshot::sort() {
    std::stable_sort(objects.begin(), objects.end(), object_less);
}

const CatalogObject* Snapshot::find(ObjectKind kind, std::string_view identity) const noexcept {
    CatalogObject probe;
    probe.kind = kind;
    probe.identity = std::string(identity);
    auto it = std::lower_bound(objects.begin(), objects.end(), probe, object_less);
    if (it != objects.end() && it->kind == kind && it->identity == identity) {
        return &*it;
    }
    return nullptr;
}

std::vector<const CatalogObject*> Snapshot::of_kind(ObjectKind kind) const {
    std::vector<const CatalogObject*> out;
    for (const auto& o : objects) {
        if (o.kind == kind) {
            out.push_back(&o);
        }
    }
    return out;
}

} // namespace gpparity::catalog
