package org.counterpart.insight;

import org.counterpart.cooperation.Ledger;
import org.counterpart.geography.RegionCode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Reach and coverage of one place in one registry year. People are counted once however many measures
 * reached them; a household counts as reached when any member was. Money is the money of the measures
 * placed in the place (a county's figures leave out measures placed at city level, which count in the
 * city's); money per person is that money over the people the measures reached.
 */
public record ReachFigures(RegionCode place, int year, long registeredPeople, long registeredHouseholds, long reachedPeople,
                           long reachedHouseholds, BigDecimal money, List<Kind> kinds, List<County> counties,
                           Distribution distribution) {

    public ReachFigures {
        kinds = List.copyOf(kinds);
        counties = List.copyOf(counties);
    }

    /** One kind of measure: the people and households it reached, its money if it has any. */
    public record Kind(Ledger ledger, long people, long households, Optional<BigDecimal> money) {
        public Optional<BigDecimal> perPerson() {
            return money.map(m -> ReachFigures.perPerson(m, people));
        }
    }

    /** One county under the place; people reached by each kind in the order of {@link Reach#KINDS}. */
    public record County(RegionCode county, long registeredPeople, long registeredHouseholds, long reachedPeople,
                         long reachedHouseholds, BigDecimal money, List<Long> peopleByKind) {
        public County {
            peopleByKind = List.copyOf(peopleByKind);
        }

        public BigDecimal coverage() {
            return ratio(reachedPeople, registeredPeople);
        }

        public BigDecimal perPerson() {
            return ReachFigures.perPerson(money, reachedPeople);
        }
    }

    /** Registered people by the number of measures that reached them. */
    public record Distribution(long none, long one, long two, long threeOrMore) {
        public long total() {
            return none + one + two + threeOrMore;
        }

        /** The four bands in order, for a list: 0, 1, 2 and 3 or more measures. */
        public List<Band> bands() {
            return List.of(new Band(0, none), new Band(1, one), new Band(2, two), new Band(3, threeOrMore));
        }
    }

    /** Registered people reached by {@code measures} measures (3 meaning three or more). */
    public record Band(int measures, long people) {
    }

    /** Reached people over registered people, 0 to 1 with four decimals. */
    public BigDecimal coverage() {
        return ratio(reachedPeople, registeredPeople);
    }

    public BigDecimal householdCoverage() {
        return ratio(reachedHouseholds, registeredHouseholds);
    }

    public BigDecimal perPerson() {
        return perPerson(money, reachedPeople);
    }

    /** Registered households none of whose members was reached. */
    public long unreachedHouseholds() {
        return Math.max(0, registeredHouseholds - reachedHouseholds);
    }

    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(4) : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    static BigDecimal perPerson(BigDecimal money, long people) {
        return people == 0 ? BigDecimal.ZERO.setScale(2) : money.divide(BigDecimal.valueOf(people), 2, RoundingMode.HALF_UP);
    }
}
