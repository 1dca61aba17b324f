package org.counterpart.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application on a real port against the build's database. Every test class that uses it
 * shares one application context, so the database is cleaned and migrated once per run, and the
 * reference scenario is loaded into it as on a first start. The test's own thread acts as the system
 * ({@link AsTheSystem}); users act over HTTP.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(IntegrationTest.CleanDatabase.class)
@org.junit.jupiter.api.extension.ExtendWith(AsTheSystem.class)
public @interface IntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    class CleanDatabase {
        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
            };
        }
    }
}
