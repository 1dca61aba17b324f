package org.counterpart.planning;

import org.counterpart.geography.RegionCode;

import java.time.LocalDate;
import java.util.Optional;

/** An action plan between the helping and the helped city, over a span of years (2018–2020). */
public record Plan(long id, String title, int firstYear, int lastYear, RegionCode helpingRegion, RegionCode helpedRegion,
                   Optional<LocalDate> signedOn, int version) {

    public boolean covers(int year) {
        return year >= firstYear && year <= lastYear;
    }
}
