package org.counterpart.planning;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricSubject;

import java.util.Objects;
import java.util.Optional;

/**
 * Who answers for a target and files the monthly report: the government of a region (a Dalian
 * district, a Liupanshui county) or an institution (a municipal department, a hospital).
 */
public record OwnerUnit(Optional<RegionCode> region, Optional<Long> institutionId) {

    public OwnerUnit {
        Objects.requireNonNull(region);
        Objects.requireNonNull(institutionId);
        if (region.isPresent() == institutionId.isPresent()) {
            throw new IllegalArgumentException("an owner unit is a region or an institution, exactly one");
        }
    }

    public static OwnerUnit of(RegionCode region) {
        return new OwnerUnit(Optional.of(region), Optional.empty());
    }

    public static OwnerUnit ofInstitution(long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("institution id must be positive");
        }
        return new OwnerUnit(Optional.empty(), Optional.of(id));
    }

    /** A stable written form for addresses and files: the region code, or {@code i} and the institution's id. */
    public String key() {
        return region.map(RegionCode::value).orElseGet(() -> "i" + institutionId.orElseThrow());
    }

    /** Reads {@link #key()} back; anything else is refused. */
    public static OwnerUnit parse(String key) {
        String k = key == null ? "" : key.strip();
        try {
            if (k.startsWith("i")) {
                return ofInstitution(Long.parseLong(k.substring(1)));
            }
            return of(new RegionCode(k));
        } catch (IllegalArgumentException refused) {
            throw new InvalidInputException("unit", "plan.unit.invalid", k);
        }
    }

    /**
     * Whose figures count for this unit under a plan: a helped place answers for what reached it, a
     * helping district or an institution for what it recorded.
     */
    public MetricSubject subject(RegionCode helpedRegion) {
        if (institutionId.isPresent()) {
            return new MetricSubject.Institution(institutionId.get());
        }
        RegionCode r = region.orElseThrow();
        return helpedRegion.covers(r) ? new MetricSubject.Place(r.value()) : new MetricSubject.RecordedBy(r.value());
    }

    @Override
    public String toString() {
        return key();
    }
}
