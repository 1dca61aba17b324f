package org.counterpart.demo;

import org.counterpart.cooperation.InstitutionForm;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.PairingForm;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.geography.Region;
import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the 2018 scenario into an empty database: the parties of the agreements signed at the
 * promotion meeting of 12 September 2018, the pairings, and demo accounts of both cities at several
 * roles and scopes. Which Dalian district helps which Liupanshui county, and which zones were paired,
 * are not given by the source article: those pairings are marked as assumed in their notes.
 */
@Component
@Order(10)
class ReferenceScenario implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReferenceScenario.class);
    static final String ASSUMED = "演示数据：结对关系为示例，未经核实 (demo: assumed pairing, not confirmed)";

    private final Regions regions;
    private final Institutions institutions;
    private final Pairings pairings;
    private final UserAdministration users;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private final String password;

    ReferenceScenario(Regions regions, Institutions institutions, Pairings pairings, UserAdministration users,
                      TransactionTemplate tx, @Value("${counterpart.demo.enabled:true}") boolean enabled,
                      @Value("${counterpart.demo.password}") String password) {
        this.regions = regions;
        this.institutions = institutions;
        this.pairings = pairings;
        this.users = users;
        this.tx = tx;
        this.enabled = enabled;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        // loading at start is the system's own work, not a call with nobody behind it
        org.counterpart.identity.CurrentUser.runAsSystem(() -> load(args));
    }

    private void load(ApplicationArguments args) {
        if (!enabled || users.count() > 0) {
            return;
        }
        long start = System.nanoTime();
        tx.executeWithoutResult(status -> load());
        log.info("Loaded the Dalian–Liupanshui 2018 reference scenario in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private void load() {
        Map<String, Long> ids = new HashMap<>();
        for (String[] row : DemoData.INSTITUTIONS) {
            long id = institutions.create(new InstitutionForm(row[1], row[2], InstitutionKind.valueOf(row[3]), row[4], "", row.length > 5 ? row[5] : "", 0));
            ids.put(row[0], id);
        }

        region(PairingKind.CITY_CITY, "2102", "5202", 1996, "东西部扶贫协作：大连市对口帮扶六盘水市 (East–West cooperation: Dalian helps Liupanshui)");
        for (String[] p : DemoData.DISTRICT_COUNTY) {
            region(PairingKind.DISTRICT_COUNTY, p[0], p[1], Integer.parseInt(p[2]), ASSUMED);
        }
        for (String[] p : DemoData.TOWN_VILLAGE) {
            region(PairingKind.TOWN_VILLAGE, p[0], firstVillage(p[1]), 2018, ASSUMED);
        }
        for (String[] p : DemoData.INSTITUTION_PAIRS) {
            PairingKind kind = PairingKind.valueOf(p[0]);
            Long helped = kind.helpedIsRegion() ? null : ids.get(p[2]);
            String helpedRegion = kind.helpedIsRegion() ? firstVillage(p[2]) : "";
            pairings.create(new PairingForm(kind, "", ids.get(p[1]), helpedRegion, helped, Integer.parseInt(p[3]), p[4], 0));
        }

        for (String[] u : DemoData.USERS) {
            boolean institutionScope = u[3].startsWith("@");
            users.createDemoAccount(new UserForm(u[0], u[1], Role.valueOf(u[2]),
                    institutionScope ? "" : u[3], institutionScope ? ids.get(u[3].substring(1)) : null,
                    u.length > 4 && !u[4].isEmpty() ? u[4] : "zh-CN", true, password, 0, u.length > 5 && u[5].equals("personal-data")));
        }
    }

    private void region(PairingKind kind, String helper, String helped, int year, String note) {
        pairings.create(new PairingForm(kind, helper, null, helped, null, year, note, 0));
    }

    /** The first village (by code) of a town: the scenario names towns, the tables supply their villages. */
    private String firstVillage(String town) {
        List<Region> villages = regions.children(regions.code(town));
        return villages.get(0).code().value();
    }
}
