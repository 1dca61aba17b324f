package org.counterpart.cooperation;

import java.util.LinkedHashMap;
import java.util.Map;

/** A standing pairing: the helping side, the helped side, and the year it began. */
public record Pairing(long id, PairingKind kind, Party helper, Party helped, int sinceYear, String note, int version) {

    Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind.name());
        m.put("helper", describe(helper));
        m.put("helped", describe(helped));
        m.put("sinceYear", String.valueOf(sinceYear));
        m.put("note", note == null ? "" : note);
        return m;
    }

    private static String describe(Party p) {
        return p.region().map(r -> "region:" + r.value()).orElseGet(() -> "institution:" + p.institutionId().orElseThrow());
    }
}
