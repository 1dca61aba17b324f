package org.counterpart.audit;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit vocabulary as the modules contribute it: every kind of record, found by its name or by the
 * name older entries carry, and the names of records asked of the module that owns them.
 */
@Component
public class AuditKinds {

    /** An entry the audit log found waiting without a valid seal and refused to link as genuine. */
    public static final AuditKind PENDING_ENTRY = AuditKind.of("audit.pending-entry", "audit");

    private final List<AuditVocabulary> contributed;
    private Map<String, Owned> byStored;

    private record Owned(AuditKind kind, AuditVocabulary owner) {
    }

    AuditKinds(List<AuditVocabulary> contributed) {
        this.contributed = contributed;
    }

    private synchronized Map<String, Owned> index() {
        if (byStored == null) {
            Map<String, Owned> index = new HashMap<>();
            for (AuditVocabulary v : contributed) {
                for (AuditKind k : v.kinds()) {
                    for (String stored : stored(k)) {
                        Owned earlier = index.putIfAbsent(stored, new Owned(k, v));
                        if (earlier != null && !earlier.kind().equals(k)) {
                            throw new IllegalStateException("audit kind name '" + stored + "' is claimed by " + earlier.kind() + " and " + k);
                        }
                    }
                }
            }
            byStored = index;
        }
        return byStored;
    }

    /** Every kind, ordered by name. */
    public List<AuditKind> all() {
        return index().values().stream().map(Owned::kind).distinct().sorted(Comparator.comparing(AuditKind::name)).toList();
    }

    /** The kind an entry stored under this name is of, the new name or a former one. */
    public Optional<AuditKind> of(String stored) {
        return Optional.ofNullable(index().get(stored)).map(Owned::kind);
    }

    /** Whether the kind is one some module contributed. */
    public boolean knows(AuditKind kind) {
        Owned owned = index().get(kind.name());
        return owned != null && owned.kind().equals(kind);
    }

    /** The names entries of this kind are stored under, the current one first. */
    public static List<String> stored(AuditKind kind) {
        List<String> names = new ArrayList<>();
        names.add(kind.name());
        kind.formerly().stream().sorted().forEach(names::add);
        return names;
    }

    /** The names of records, by stored kind and id, as their modules know them. */
    public Map<String, String> names(Map<String, ? extends Collection<String>> idsByStoredKind) {
        Map<AuditKind, List<String>> ids = new LinkedHashMap<>();
        idsByStoredKind.forEach((stored, some) -> of(stored).ifPresent(k -> ids.computeIfAbsent(k, x -> new ArrayList<>()).addAll(some)));
        Map<String, String> names = new HashMap<>();
        ids.forEach((kind, some) -> index().get(kind.name()).owner().names(kind, some)
                .forEach((id, name) -> names.put(kind.name() + "/" + id, name)));
        return names;
    }
}
