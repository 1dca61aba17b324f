package org.counterpart.geography;

/** The levels of the division tree, each with the length of its code. */
public enum RegionLevel {
    NATION(0), PROVINCE(2), CITY(4), COUNTY(6), TOWN(9), VILLAGE(12);

    private final int digits;

    RegionLevel(int digits) {
        this.digits = digits;
    }

    public int digits() {
        return digits;
    }

    public static java.util.Optional<RegionLevel> ofDigits(int digits) {
        for (RegionLevel level : values()) {
            if (level.digits == digits) {
                return java.util.Optional.of(level);
            }
        }
        return java.util.Optional.empty();
    }
}
