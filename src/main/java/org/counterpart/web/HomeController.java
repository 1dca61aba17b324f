package org.counterpart.web;

import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerCatalog;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.insight.Reach;
import org.counterpart.insight.ReachFigures;
import org.counterpart.registry.CrossChecks;
import org.counterpart.registry.Duplicates;
import org.counterpart.registry.Monitoring;
import org.counterpart.registry.RegistryImport;
import org.counterpart.registry.ScopeConflicts;
import org.counterpart.cooperation.Pairing;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.geography.Region;
import org.counterpart.registry.Households;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.planning.MonthlyReports;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;
import java.util.Optional;

/**
 * The first page after sign-in: the caller's own work first (a reporter its records and what is overdue, a
 * reviewer the flags and duplicates that wait for it, a coordinator its imports and conflicts, a leader or
 * assessor the figures), then the city pair and what the system holds within the user's scope. Every
 * figure comes from a service that checks the caller's scope itself; the helping side, which holds no
 * registry of its own, sees the aggregates of the places its pairings grant ({@link Reach#defaultPlace}).
 */
@Controller
class HomeController {

    /** A city of a city–city pairing with the divisions below it, each count a link to the region page. */
    record CityFigures(Region city, long counties, long towns, long villages) {
    }

    record PairFigures(CityFigures helper, CityFigures helped, int sinceYear) {
    }

    /** A ledger with the caller's records in it and how many of them are overdue. */
    record LedgerWork(Ledger ledger, long records, long overdue) {
    }

    /** What waits for a reviewer in its scope. */
    record Review(long openFlags, long undecidedDuplicates, long monitored, int year) {
    }

    private final Regions regions;
    private final Ledgers ledgers;
    private final LedgerCatalog catalog;
    private final Reach reach;
    private final CrossChecks crossChecks;
    private final Duplicates duplicates;
    private final Monitoring monitoring;
    private final RegistryImport imports;
    private final ScopeConflicts conflicts;
    private final Institutions institutions;
    private final Pairings pairings;
    private final PartyNames names;
    private final Households households;
    private final MonthlyReports reports;

    HomeController(Regions regions, Institutions institutions, Pairings pairings, PartyNames names, Households households, Ledgers ledgers,
                   LedgerCatalog catalog, Reach reach, CrossChecks crossChecks, Duplicates duplicates, Monitoring monitoring,
                   RegistryImport imports, ScopeConflicts conflicts, MonthlyReports reports) {
        this.reports = reports;
        this.ledgers = ledgers;
        this.catalog = catalog;
        this.reach = reach;
        this.crossChecks = crossChecks;
        this.duplicates = duplicates;
        this.monitoring = monitoring;
        this.imports = imports;
        this.conflicts = conflicts;
        this.households = households;
        this.regions = regions;
        this.institutions = institutions;
        this.pairings = pairings;
        this.names = names;
    }

    @GetMapping("/")
    String home(Model model) {
        List<PairFigures> pairs = pairings.list(Optional.of(PairingKind.CITY_CITY), Optional.empty(), Optional.empty())
                .stream().map(this::figures).toList();
        var byKind = institutions.countByKind();
        var pairingsByKind = pairings.countByKind();
        model.addAttribute("pairs", pairs);
        model.addAttribute("ownPairings", pairs.isEmpty()
                ? pairings.list(Optional.empty(), Optional.empty(), Optional.empty()).stream().limit(8).toList() : List.of());
        model.addAttribute("names", names);
        List<Integer> years = households.years();
        if (!years.isEmpty()) {
            // the latest year with households in the places the caller reads (an import of a newer year elsewhere
            // must not move this home)
            int year = households.defaultYear();
            model.addAttribute("registryYear", year);
            Households.Counts counts = households.counts(year);
            model.addAttribute("registryCounts", counts);
            work(model, year, counts);
        }
        // the monthly reports: what the caller's unit has to hand in (or was returned), what waits for its review
        model.addAttribute("reportsDue", reports.dueFor());
        model.addAttribute("reportsAwaiting", reports.awaitingReviewBy());
        model.addAttribute("institutionsByKind", byKind);
        model.addAttribute("institutionTotal", byKind.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("pairingsByKind", pairingsByKind);
        model.addAttribute("pairingTotal", pairingsByKind.values().stream().mapToLong(Long::longValue).sum());
        return "home";
    }

    /** The caller's own work, by role; each part read through the service that checks the caller. */
    private void work(Model model, int year, Households.Counts counts) {
        Role role = CurrentUser.get().map(CurrentUser::role).orElse(Role.VIEWER);
        if (role == Role.REPORTER || role == Role.COORDINATOR || role == Role.ADMINISTRATOR) {
            Ledgers.Filter all = new Ledgers.Filter(Optional.empty(), Optional.empty(), Optional.empty(), java.util.Map.of());
            List<LedgerWork> records = catalog.all().stream().map(l -> {
                Ledgers.Totals t = ledgers.totals(l, all);
                return new LedgerWork(l, t.records(), t.overdue());
            }).filter(w -> w.records() > 0).toList();
            model.addAttribute("ledgerWork", records);
            model.addAttribute("overdueTotal", records.stream().mapToLong(LedgerWork::overdue).sum());
        }
        // the registry's work waits only where the caller's own scope holds a registry (not on the helping side)
        boolean ownRegistry = counts.households() > 0;
        if (ownRegistry && (role == Role.REVIEWER || role == Role.COORDINATOR || role == Role.ADMINISTRATOR)) {
            long open = crossChecks.flags(new CrossChecks.FlagFilter(Optional.of("OPEN"), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()), 0, 1).total();
            long undecided = duplicates.pairs(Optional.empty(), Optional.empty(), 0, 1).total();
            long monitored = monitoring.summary(new Monitoring.Filter(year, Optional.empty(), Optional.empty(), Optional.empty())).households();
            model.addAttribute("review", new Review(open, undecided, monitored, year));
        }
        if (ownRegistry && (role == Role.COORDINATOR || role == Role.ADMINISTRATOR)) {
            model.addAttribute("recentImports", imports.recentRuns(5));
            model.addAttribute("conflictCount", conflicts.forCaller().size());
        }
        // the figures: for leaders and assessors first of all, and for anyone whose own scope holds no registry (the helping side)
        if (role == Role.VIEWER || role == Role.ASSESSOR || !ownRegistry) {
            reach.defaultPlace(year).filter(reach::sees).ifPresent(place -> {
                ReachFigures f = reach.figures(place, year);
                model.addAttribute("figures", f);
                model.addAttribute("figuresPlace", regions.get(place));
            });
        }
    }

    private PairFigures figures(Pairing p) {
        return new PairFigures(city(p.helper().region().orElseThrow()), city(p.helped().region().orElseThrow()), p.sinceYear());
    }

    private CityFigures city(RegionCode code) {
        return new CityFigures(regions.get(code), regions.countBelow(code, RegionLevel.COUNTY),
                regions.countBelow(code, RegionLevel.TOWN), regions.countBelow(code, RegionLevel.VILLAGE));
    }
}
