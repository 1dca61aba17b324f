package org.counterpart.insight;

import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.registry.Households;
import org.counterpart.registry.Member;
import org.counterpart.registry.RegistryRolls;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The household's file (一户一档): its facts and members year by year, and every measure that reached the
 * household or one of its members in each year, with whom it reached. The registry cannot know the
 * measures (cooperation depends on it), so the file is put together here from both modules' root APIs.
 * <p>
 * Scope and masking are the registry's: the household is read through {@link Households#get}, which
 * refuses a caller outside the household's village, and members appear as that page shows them (masked
 * ID numbers, names only where the registry shows them). Measures the caller may not read are left out.
 */
@Service
public class HouseholdFiles {

    private final Households households;
    private final BeneficiaryLinks links;
    private final Ledgers ledgers;
    private final RegistryRolls rolls;

    HouseholdFiles(Households households, BeneficiaryLinks links, Ledgers ledgers, RegistryRolls rolls) {
        this.households = households;
        this.links = links;
        this.ledgers = ledgers;
        this.rolls = rolls;
    }

    /** The whole file: the household as the registry shows it (in its latest year) and each year's members and measures, newest first. */
    public record HouseholdFile(Households.Detail household, List<YearFile> years) {
        public int measureCount() {
            return years.stream().mapToInt(y -> y.measures().size()).sum();
        }
    }

    /** One registry year of the file. */
    public record YearFile(int year, Households.Detail detail, List<MeasureReached> measures) {
        public List<Member> members() {
            return detail.members();
        }
    }

    /** One measure of a year and the people of the household it reached; the title is the record's own. */
    public record MeasureReached(Ledger ledger, long recordId, String title, boolean wholeHousehold, List<PersonReached> people) {
    }

    /**
     * A person a measure reached: as the registry's member list names them when they are a member that
     * year, otherwise by masked ID number only (someone who has left the household since), and whether
     * they still count for the measure.
     */
    public record PersonReached(long personId, String label, boolean member, boolean counts) {
    }

    public HouseholdFile file(long householdId) {
        Households.Detail latest = households.get(householdId, Optional.empty());
        Map<Integer, List<BeneficiaryLinks.HouseholdMeasure>> byYear = new LinkedHashMap<>();
        for (BeneficiaryLinks.HouseholdMeasure m : links.measuresOfHousehold(householdId)) {
            byYear.computeIfAbsent(m.year(), y -> new ArrayList<>()).add(m);
        }
        List<YearFile> years = new ArrayList<>();
        for (int i = latest.years().size() - 1; i >= 0; i--) {
            int year = latest.years().get(i).year();
            Households.Detail detail = year == latest.shown().year() ? latest : households.get(householdId, Optional.of(year));
            years.add(new YearFile(year, detail, measures(detail, byYear.getOrDefault(year, List.of()))));
        }
        return new HouseholdFile(latest, years);
    }

    private List<MeasureReached> measures(Households.Detail detail, List<BeneficiaryLinks.HouseholdMeasure> links) {
        Map<Long, Member> members = new LinkedHashMap<>();
        detail.members().forEach(m -> members.put(m.personId(), m));
        record Key(Ledger ledger, long recordId) {
        }
        Map<Key, List<BeneficiaryLinks.HouseholdMeasure>> byRecord = new LinkedHashMap<>();
        links.forEach(l -> byRecord.computeIfAbsent(new Key(l.ledger(), l.recordId()), k -> new ArrayList<>()).add(l));
        List<MeasureReached> out = new ArrayList<>();
        byRecord.forEach((key, rows) -> {
            List<PersonReached> people = rows.stream().map(r -> {
                Member m = members.get(r.personId());
                String label = m != null ? (m.name() == null ? m.idMasked() : m.name() + " " + m.idMasked())
                        : rolls.person(r.personId(), false).map(RegistryRolls.PersonSummary::maskedId).orElse("—");
                return new PersonReached(r.personId(), label, m != null, r.standing() == BeneficiaryLinks.Standing.REGISTERED);
            }).toList();
            boolean whole = rows.stream().allMatch(BeneficiaryLinks.HouseholdMeasure::viaHousehold);
            out.add(new MeasureReached(key.ledger(), key.recordId(), ledgers.get(key.ledger(), key.recordId()).title(), whole, people));
        });
        return out;
    }
}
