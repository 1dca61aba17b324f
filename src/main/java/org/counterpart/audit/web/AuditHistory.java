package org.counterpart.audit.web;

import org.counterpart.audit.AuditEntry;
import org.counterpart.audit.AuditKinds;
import org.counterpart.shared.AuditAction;
import org.counterpart.shared.AuditKind;
import org.springframework.context.MessageSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * Audit entries as a reader follows them: the kind of record, its fields and its code values in the
 * reader's language, the record by the name its module knows it by, entries stored under a kind's
 * former name read as that kind. The page and the export show the same lines.
 */
final class AuditHistory {

    /** One entry as read. */
    record Line(long seq, Instant at, String actor, String kind, String kindLabel, String recordId, String recordName,
                String action, String actionLabel, List<Change> changes) {
        /** The record as a reader names it: its name when known, else its number. */
        public String record() {
            return recordName == null ? "#" + recordId : recordName;
        }

        public String changesText() {
            StringBuilder sb = new StringBuilder();
            for (Change c : changes) {
                sb.append(sb.isEmpty() ? "" : "; ").append(c.field()).append(": ")
                        .append(c.before() == null ? "" : c.before() + " → ").append(c.after() == null ? "" : c.after());
            }
            return sb.toString();
        }
    }

    /** One field that changed, labelled; {@code before} is null when the record was created. */
    record Change(String field, String before, String after) {
    }

    private final AuditKinds kinds;
    private final MessageSource messages;
    private final Locale locale;

    AuditHistory(AuditKinds kinds, MessageSource messages, Locale locale) {
        this.kinds = kinds;
        this.messages = messages;
        this.locale = locale;
    }

    /** The entries as read, their records named in batches of a few hundred (an export holds many). */
    List<Line> read(List<AuditEntry> entries) {
        List<Line> lines = new ArrayList<>(entries.size());
        for (int from = 0; from < entries.size(); from += 500) {
            lines.addAll(batch(entries.subList(from, Math.min(entries.size(), from + 500))));
        }
        return lines;
    }

    private List<Line> batch(List<AuditEntry> entries) {
        Map<String, Collection<String>> ids = new LinkedHashMap<>();
        for (AuditEntry e : entries) {
            ids.computeIfAbsent(e.kind(), k -> new HashSet<>()).add(e.recordId());
        }
        Map<String, String> names = kinds.names(ids);
        List<Line> lines = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            Optional<AuditKind> kind = kinds.of(e.kind());
            String current = kind.map(AuditKind::name).orElse(e.kind());
            List<Change> changes = new ArrayList<>();
            for (String f : e.changedFields()) {
                String before = e.before().get(f);
                String after = e.after().get(f);
                if (!e.before().containsKey(f) && (after == null || after.isEmpty())) {
                    continue; // a field left empty when the record was made is no change to read
                }
                changes.add(new Change(field(kind, f), e.before().containsKey(f) ? value(kind, f, before) : null, value(kind, f, e.after().get(f))));
            }
            lines.add(new Line(e.seq(), e.at(), e.actor(), current, kindLabel(kind, e.kind()), e.recordId(), names.get(current + "/" + e.recordId()),
                    e.action(), action(e.action()), changes));
        }
        return lines;
    }

    String kindLabel(Optional<AuditKind> kind, String stored) {
        return kind.map(k -> msg(k.labelKey())).flatMap(Optional::ofNullable).orElse(stored);
    }

    String action(String stored) {
        return AuditAction.fromStored(stored).map(a -> msg("audit.action." + a.stored())).flatMap(Optional::ofNullable).orElse(stored);
    }

    private String field(Optional<AuditKind> kind, String field) {
        return first(kind.map(k -> k.fieldPrefix() + "." + field).orElse(null), "audit.field." + field).orElse(field);
    }

    private String value(Optional<AuditKind> kind, String field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.equals("true") || value.equals("false")) {
            return msg(value.equals("true") ? "common.yes" : "common.no");
        }
        if (!value.matches("[A-Za-z0-9_]{1,40}")) {
            return value;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        String prefix = kind.map(AuditKind::fieldPrefix).orElse("audit.field");
        return first(prefix + "." + field + "." + lower, prefix + "." + field + "." + value, field + "." + lower,
                "audit.value." + field + "." + lower, value.matches("[A-Z][A-Z_]+") ? prefix + "." + value : null)
                .orElse(value);
    }

    private Optional<String> first(String... keys) {
        for (String key : keys) {
            if (key != null) {
                String found = msg(key);
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    private String msg(String key) {
        return messages.getMessage(key, null, null, locale);
    }

}
