package org.counterpart.cooperation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerCatalog;
import org.counterpart.cooperation.LedgerField;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.Regions;
import org.counterpart.identity.PlaceNames;
import org.counterpart.shared.Page;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ten ledgers as JSON, read the way their pages read them: Ledgers keeps every list and record
 * to what the caller may see (403 for a record outside it), the filters are the list page's, and the
 * people a measure reached leave with masked ID numbers only. Every value is text: money with its
 * decimals, dates as ISO dates, so that no client rounds an amount through a binary float.
 */
@RestController
@RequestMapping(value = "/api/ledgers", produces = "application/json")
@Tag(name = "Ledgers", description = "Agreements, funds and projects, industry, labour, training, personnel, consumption, "
        + "social assistance, meetings and problems: the records of paired cooperation, and the people each measure reached")
class LedgersApi {

    /** A field of a ledger: its name in the records' {@code fields}, its type, and whether a record must have it. */
    record FieldJson(String name, String type, boolean required, List<String> options) {
    }

    record LedgerJson(String code, String slug, String name, boolean reachesPeople, List<FieldJson> fields) {
    }

    record RecordJson(long id, String ledger, int year, String placeCode, String placeName, String title, Map<String, String> fields,
                      int peopleReached, int householdsReached, int version, String recordedBy, String recordedAt) {
    }

    /**
     * A person a measure reached: the registry's numbers and the masked ID number, never the number itself;
     * {@code standing} REGISTERED counts in reach, NOT_REGISTERED and LEFT_HOUSEHOLD (after the registry's adjustment) do not.
     */
    record PersonJson(long personId, String idNumberMasked, long householdId, String householdNo, String villageCode,
                      boolean viaHousehold, String standing) {
    }

    record RecordDetail(RecordJson record, List<PersonJson> people) {
    }

    private final Ledgers ledgers;
    private final BeneficiaryLinks links;
    private final Regions regions;
    private final PlaceNames placeNames;
    private final MessageSource messages;
    private final LedgerCatalog catalog;

    LedgersApi(Ledgers ledgers, BeneficiaryLinks links, Regions regions, PlaceNames placeNames, MessageSource messages, LedgerCatalog catalog) {
        this.placeNames = placeNames;
        this.catalog = catalog;
        this.ledgers = ledgers;
        this.links = links;
        this.regions = regions;
        this.messages = messages;
    }

    @GetMapping
    @Operation(operationId = "listLedgers", summary = "The ledgers, with the fields of their records",
            description = "Names in the caller's language (Accept-Language or the account's choice).")
    List<LedgerJson> ledgers() {
        return catalog.all().stream().map(l -> new LedgerJson(l.code(), l.slug(), text(l.messageKey()), l.reachesPeople(),
                l.fields().stream().map(f -> new FieldJson(f.name(), f.type().name(), f.required(), f.options())).toList())).toList();
    }

    @GetMapping("/{slug}")
    @Operation(operationId = "listLedgerRecords", summary = "The records of one ledger the caller may see, filtered and paged",
            description = "Filters as on the ledger's page: year, place (a division code: that place and below), q (words of the "
                    + "title or note) and any code field of the ledger by its name, e.g. sector=AGRICULTURE for funds. Newest first.")
    Page<RecordJson> list(@Parameter(description = "the ledger's slug, e.g. funds, labor, agreements", example = "funds")
                          @PathVariable String slug,
                          @Parameter(description = "year, place, q and code fields of the ledger", example = "{\"year\": \"2018\"}")
                          @RequestParam Map<String, String> params,
                          @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                          @Parameter(description = "page size, 1–500") @RequestParam(defaultValue = "50") int size) {
        Page.checkRequest(page, size);
        Ledger ledger = catalog.require(slug);
        Page<LedgerRecord> found = ledgers.search(ledger, LedgersController.filter(ledger, params, placeNames.readOptional("place", params.get("place"))), page, size);
        return new Page<>(found.items().stream().map(this::json).toList(), found.page(), found.size(), found.total());
    }

    @GetMapping("/{slug}/{id}")
    @Operation(operationId = "getLedgerRecord", summary = "One record, with the people it reached (ID numbers masked)",
            description = "404 when there is no such record in the ledger, 403 when it lies outside what the caller may see.")
    RecordDetail get(@Parameter(example = "funds") @PathVariable String slug, @PathVariable long id) {
        Ledger ledger = catalog.require(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        List<PersonJson> people = ledger.reachesPeople() ? links.links(ledger, id).stream()
                .map(l -> new PersonJson(l.personId(), l.maskedId(), l.householdId(), l.householdNo(), l.village(), l.viaHousehold(),
                        l.standing().name()))
                .toList() : List.of();
        return new RecordDetail(json(record), people);
    }

    private RecordJson json(LedgerRecord r) {
        Map<String, String> fields = new LinkedHashMap<>(r.state());
        // the head is given apart
        fields.remove("year");
        fields.remove("place");
        fields.remove(LedgerField.TITLE.name());
        return new RecordJson(r.id(), r.ledger().code(), r.year(), r.place().value(), regions.fullName(r.place()), r.title(), fields,
                r.peopleReached(), r.householdsReached(), r.version(), r.recordedBy(), r.recordedAt().toString());
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
