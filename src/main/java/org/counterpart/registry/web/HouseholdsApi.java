package org.counterpart.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.CodeTables;
import org.counterpart.registry.ExitPolicy;
import org.counterpart.registry.HouseholdYear;
import org.counterpart.registry.Households;
import org.counterpart.registry.Income;
import org.counterpart.registry.Member;
import org.counterpart.registry.PovertyLines;
import org.counterpart.shared.Masking;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The registry of poor households as JSON, scoped like the household pages: Households keeps every
 * query inside the caller's region (an institution scope sees none), and refuses a household outside it
 * with 403. ID and phone numbers leave only masked; money is a string with two decimals so that no
 * client rounds it through a binary float.
 */
@RestController
@RequestMapping(value = "/api/registry/households", produces = "application/json")
@Tag(name = "Registry", description = "Poor households (建档立卡), their yearly facts, members and exit evaluation")
class HouseholdsApi {


    record HouseholdRow(long householdId, String householdNo, String villageCode, String villageName, String headName,
                        int members, String attribute, String mainCause, String status, String netPerCapita, boolean exitReady) {
    }

    /** Income of a year in yuan, every amount a string with two decimals. */
    record IncomeJson(String wage, String business, String transfer, String property, String productionCosts, String total,
                      String netPerCapita) {
    }

    /** What the registry says of the household in one year. */
    record FactsJson(int year, String countyCode, String villageCode, String attribute, String mainCause, List<String> otherCauses,
                     String standard, String status, IncomeJson income, Boolean dangerousHousing, Boolean safeWater,
                     String cadreName, String cadreUnit, int memberCount, String recordedAt, String recordedBy) {
    }

    /** A year on record, for choosing another. */
    record YearJson(int year, String status, String netPerCapita) {
    }

    /** A member in the year shown; ID and phone numbers masked, never in full. */
    record MemberJson(long personId, String name, String idNumberMasked, String sex, int age, String relation, String ethnicity,
                      String education, String studentStatus, String health, String laborAbility, String migrantWork,
                      Integer migrantMonths, Boolean medicalInsurance, Boolean pensionInsurance, String phoneMasked) {
    }

    /** One exit condition: its code, whether it is met, and the reason as a message key with its arguments. */
    record ConditionJson(String condition, boolean met, String detailKey, List<String> arguments) {
    }

    record ExitJson(int year, boolean ready, String povertyLine, List<ConditionJson> conditions) {
    }

    record HouseholdDetail(long householdId, String householdNo, String villageCode, String villageName, List<YearJson> years,
                           FactsJson facts, List<MemberJson> members, ExitJson exit) {
    }

    private final Households households;
    private final CodeTables codes;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final PovertyLines lines;

    HouseholdsApi(Households households, CodeTables codes, Regions regions, org.counterpart.identity.PlaceNames placeNames, PovertyLines lines) {
        this.households = households;
        this.codes = codes;
        this.regions = regions;
        this.placeNames = placeNames;
        this.lines = lines;
    }

    @GetMapping
    @Operation(operationId = "listHouseholds", summary = "The households of the caller's scope in one registry year, filtered and paged",
            description = "Ordered by village and household number. Codes (status, attribute, cause) are the registry's own values.")
    Page<HouseholdRow> list(@Parameter(description = "registry year; when absent, the latest year holding households in the places the caller reads", example = "2018")
                            @RequestParam(required = false) Integer year,
                            @Parameter(description = "division code: households in this place or below", example = "520201")
                            @RequestParam(required = false) String region,
                            @Parameter(description = "poverty status code, e.g. 未脱贫, 已脱贫") @RequestParam(required = false) String status,
                            @Parameter(description = "poverty attribute code") @RequestParam(required = false) String attribute,
                            @Parameter(description = "cause code, main or other") @RequestParam(required = false) String cause,
                            @Parameter(description = "only households that meet (true) or miss (false) the exit conditions")
                            @RequestParam(required = false) Boolean ready,
                            @Parameter(description = "household number, exactly") @RequestParam(required = false) String no,
                            @Parameter(description = "flagged (any flag against return to poverty in the year), unflagged, "
                                    + "or a monitoring category, e.g. 脱贫不稳定户") @RequestParam(required = false) String monitoring,
                            @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                            @Parameter(description = "page size, 1–500") @RequestParam(defaultValue = "50") int size) {
        Page.checkRequest(page, size);
        int y;
        if (year != null) {
            y = year;
        } else {
            y = households.defaultYear();
        }
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        Households.Filter filter = new Households.Filter(y, rc, code("status", CodeTables.STATUS, status),
                code("attribute", CodeTables.ATTRIBUTE, attribute), code("cause", CodeTables.CAUSE, cause),
                Optional.ofNullable(ready), blank(no), households.monitoringFilter(blank(monitoring)));
        Page<Households.Row> found = households.search(filter, page, size);
        List<HouseholdRow> rows = found.items().stream().map(r -> new HouseholdRow(r.householdId(), r.householdNo(),
                r.village().value(), regions.fullName(r.village()), r.headName(), r.members(), r.attribute(), r.mainCause(),
                r.status(), money(r.netPerCapita()), r.exitReady())).toList();
        return new Page<>(rows, found.page(), found.size(), found.total());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getHousehold", summary = "One household: the facts of a year, its members (numbers masked) and the exit evaluation",
            description = "The latest year when none is given; 404 when the household has no facts for the year asked, "
                    + "403 when it lies outside the caller's scope.")
    HouseholdDetail get(@PathVariable long id,
                        @Parameter(description = "registry year", example = "2018") @RequestParam(required = false) Integer year) {
        Households.Detail d = households.get(id, Optional.ofNullable(year));
        if (year != null && d.shown().year() != year) {
            throw new NotFoundException("household " + id + " in " + year);
        }
        HouseholdYear shown = d.shown();
        int y = shown.year();
        List<MemberJson> members = d.members().stream().map(m -> member(m, y)).toList();
        Optional<PovertyLines.Line> line = lines.forYear(y, shown.countyCode().substring(0, 2));
        ExitJson exit = new ExitJson(d.exit().year(), d.exit().ready(), line.map(l -> money(l.amount())).orElse(null),
                d.exit().verdicts().stream().map(HouseholdsApi::condition).toList());
        return new HouseholdDetail(d.householdId(), d.householdNo(), d.village().value(), regions.fullName(d.village()),
                d.years().stream().map(f -> new YearJson(f.year(), f.status(), money(f.netPerCapita()))).toList(),
                facts(shown), members, exit);
    }

    private static FactsJson facts(HouseholdYear f) {
        Income i = f.income();
        IncomeJson income = new IncomeJson(money(i.wage()), money(i.business()), money(i.transfer()), money(i.property()),
                money(i.costs()), money(i.total()), money(f.netPerCapita()));
        return new FactsJson(f.year(), f.countyCode(), f.village().value(), f.attribute(), f.mainCause(), f.otherCauses(),
                f.standard(), f.status(), income, f.dangerousHousing(), f.safeWater(), f.cadreName(), f.cadreUnit(), f.memberCount(),
                f.recordedAt() == null ? null : f.recordedAt().atOffset(ZoneOffset.UTC).toString(), f.recordedBy());
    }

    private static MemberJson member(Member m, int year) {
        return new MemberJson(m.personId(), m.name(), Masking.idNumber(m.idMasked()), m.sex() == null ? null : m.sex().name(),
                m.birthDate() == null ? 0 : m.ageAtEndOf(year), m.relation(), m.ethnicity(), m.education(), m.studentStatus(),
                m.health(), m.laborAbility(), m.migrantWork(), m.migrantMonths(), m.medicalInsurance(), m.pensionInsurance(),
                phone(m.phoneMasked()));
    }

    /** Stored masked; should a full number ever be stored there, it still leaves masked. */
    private static String phone(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        return stored.chars().allMatch(Character::isDigit) ? Masking.phone(stored) : stored;
    }

    private static ConditionJson condition(ExitPolicy.Verdict v) {
        return new ConditionJson(v.condition().name(), v.met(), v.detailKey(),
                v.arguments().stream().map(a -> a instanceof BigDecimal b ? money(b) : String.valueOf(a)).toList());
    }

    private Optional<String> code(String parameter, String table, String value) {
        Optional<String> v = blank(value);
        if (v.isPresent() && !codes.contains(table, v.get())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, parameter + ": no such code; one of "
                    + String.join(", ", codes.items(table).stream().map(CodeTables.Item::code).toList()));
        }
        return v;
    }

    static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static Optional<String> blank(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
    }
}
