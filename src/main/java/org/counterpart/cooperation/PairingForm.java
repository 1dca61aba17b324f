package org.counterpart.cooperation;

/**
 * What a person types for a pairing. Each side is a region code or an institution id, as the
 * kind requires; the other field of that side is left empty.
 */
public record PairingForm(PairingKind kind, String helperRegion, Long helperInstitutionId,
                          String helpedRegion, Long helpedInstitutionId, Integer sinceYear, String note, int version) {

    public static PairingForm of(Pairing p) {
        return new PairingForm(p.kind(), p.helper().region().map(Object::toString).orElse(""),
                p.helper().institutionId().orElse(null), p.helped().region().map(Object::toString).orElse(""),
                p.helped().institutionId().orElse(null), p.sinceYear(), p.note(), p.version());
    }

    public static PairingForm empty() {
        return new PairingForm(null, "", null, "", null, null, "", 0);
    }
}
