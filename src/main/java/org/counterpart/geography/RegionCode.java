package org.counterpart.geography;

import org.counterpart.shared.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A statistical division code (GB/T 2260 and the 12-digit village codes). The code names its parents
 * by prefix: village 520201001001 lies in town 520201001, county 520201, city 5202 and province 52,
 * so "this region and everything below it" is a prefix test.
 *
 * <p>This type only knows the shape of a code. Whether a code exists is the region directory's
 * business: obtain codes through {@link Regions#code(String)}, which refuses codes that don't exist.
 */
public record RegionCode(String value) implements Comparable<RegionCode> {

    public RegionCode {
        if (value == null) {
            throw new InvalidInputException("regionCode", "region.code.missing");
        }
        if (!value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new InvalidInputException("regionCode", "region.code.notDigits", value);
        }
        if (RegionLevel.ofDigits(value.length()).isEmpty()) {
            throw new InvalidInputException("regionCode", "region.code.badLength", value, value.length());
        }
    }

    /** Parses the shape of a code, normalising full-width digits and surrounding spaces. */
    static RegionCode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("regionCode", "region.code.missing");
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : raw.strip().toCharArray()) {
            if (ch >= '０' && ch <= '９') {
                sb.append((char) ('0' + (ch - '０')));
            } else if (ch != '\u3000') {
                sb.append(ch);
            }
        }
        return new RegionCode(sb.toString());
    }

    /** The whole country: the root of the tree, the scope of national users. */
    public static final RegionCode NATION = new RegionCode("");

    public RegionLevel level() {
        return RegionLevel.ofDigits(value.length()).orElseThrow();
    }

    /** The code of the next level up, or empty for the nation. */
    public Optional<RegionCode> parent() {
        RegionLevel level = level();
        if (level == RegionLevel.NATION) {
            return Optional.empty();
        }
        RegionLevel up = RegionLevel.values()[level.ordinal() - 1];
        return Optional.of(new RegionCode(value.substring(0, up.digits())));
    }

    /** Every ancestor from the province down to this code itself. */
    public List<RegionCode> lineage() {
        List<RegionCode> codes = new ArrayList<>();
        for (RegionLevel level : RegionLevel.values()) {
            if (level != RegionLevel.NATION && level.digits() <= value.length()) {
                codes.add(new RegionCode(value.substring(0, level.digits())));
            }
        }
        return codes;
    }

    /** True when {@code other} is this region or lies anywhere below it. */
    public boolean covers(RegionCode other) {
        return other.value.startsWith(value);
    }

    /** The 6-digit county this code lies in, when it lies at or below county level. */
    public Optional<String> county() {
        return value.length() >= 6 ? Optional.of(value.substring(0, 6)) : Optional.empty();
    }

    @Override
    public int compareTo(RegionCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
