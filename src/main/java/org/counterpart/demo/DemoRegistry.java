package org.counterpart.demo;

import org.counterpart.geography.Regions;
import org.counterpart.identity.UserAdministration;
import org.counterpart.registry.Households;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The demo registry: synthetic Liupanshui households for 2016–2018, generated as the national export
 * and imported through the same import offices use. A large registry is loaded in the background so
 * the server answers at once; the households appear when the import's single transaction commits.
 */
@Component
@Order(20)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class DemoRegistry implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRegistry.class);
    /** Up to this many households the load runs before the server answers, as tests need. */
    static final int SYNCHRONOUS_LIMIT = 2_000;

    private final RegistryGenerator generator;
    private final RegistryImport imports;
    private final Regions regions;
    private final UserAdministration users;
    private final Households registry;
    private final boolean enabled;
    private final int households;
    private final DemoLedgers ledgers;
    private final DemoPlan plan;

    DemoRegistry(RegistryGenerator generator, RegistryImport imports, Regions regions, UserAdministration users, Households registry,
                 @Value("${counterpart.demo.enabled:true}") boolean enabled,
                 @Value("${counterpart.demo.households:20000}") int households, DemoLedgers ledgers, DemoPlan plan) {
        this.plan = plan;
        this.ledgers = ledgers;
        this.generator = generator;
        this.imports = imports;
        this.regions = regions;
        this.users = users;
        this.registry = registry;
        this.enabled = enabled;
        this.households = households;
    }

    @Override
    public void run(ApplicationArguments args) {
        // loading at start is the system's own work, not a call with nobody behind it
        org.counterpart.identity.CurrentUser.runAsSystem(this::start);
    }

    private void start() {
        boolean demoUsers = !users.demoAccounts().isEmpty();
        boolean empty = registry.years().isEmpty();
        if (!enabled || !demoUsers || households <= 0) {
            return;
        }
        if (!empty) {
            // a registry from before the ledgers existed: add them once, from the scenario's file made again (the same seed, the same file)
            withScenarioFile(ledgers::load);
            plan.load();
            return;
        }
        if (households <= SYNCHRONOUS_LIMIT) {
            load();
        } else {
            Thread loader = new Thread(() -> org.counterpart.identity.CurrentUser.runAsSystem(this::load), "demo-registry");
            loader.setDaemon(true);
            loader.start();
            log.info("Loading {} demo households of Liupanshui in the background; they appear when the import completes", households);
        }
    }

    private void load() {
        try {
            withScenarioFile(file -> {
                long start = System.nanoTime();
                RegistryImport.Result result = imports.run(file, "demo-registry-2016-2018.csv", new RegistryImport.Options(false, OptionalInt.empty()), rows -> { });
                if ("failed".equals(result.status())) {
                    // a failed import is a result, not an exception: the ledgers need the registry, so stop here
                    throw new IllegalStateException("the import of the demo registry failed (see the error above)");
                }
                log.info("Loaded the demo registry: {} households for 2016-2018 ({} member rows) in {} s", households, result.rowsRead(),
                        (System.nanoTime() - start) / 1_000_000_000);
                long ledgerStart = System.nanoTime();
                ledgers.load(file);
                plan.load();
                log.info("Loaded the demo ledgers with their beneficiaries in {} s", (System.nanoTime() - ledgerStart) / 1_000_000_000);
            });
        } catch (RuntimeException e) {
            log.error("The demo registry could not be loaded", e);
        }
    }

    /** Generates the scenario's registry export into a temporary file, hands it on, and removes it. */
    private void withScenarioFile(java.util.function.Consumer<Path> use) {
        Path file = null;
        try {
            file = Files.createTempFile("demo-registry-", ".csv");
            generator.write(new RegistryGenerator.Spec(households, List.of(2016, 2017, 2018), regions.code("5202"), 2018, 0), file);
            use.accept(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

}
