package org.counterpart.geography;

import java.util.Optional;

/** One division: its code, Chinese name, level and the division it belongs to. */
public record Region(RegionCode code, String name, RegionLevel level, Optional<RegionCode> parent) {
}
