package org.counterpart.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where an integration test class keeps the data it creates, so that classes sharing one database
 * cannot change each other's figures. Every {@link IntegrationTest} class says one of two things:
 * the places it claims ({@link #value}: prefectures or counties, e.g. 5204 or 520325), where it alone
 * creates or changes registry, ledger and reach data; or, when it creates no placed data, what it does
 * to the shared demo scenario instead ({@link #scenario}). Two claims may not overlap, no claim lies in
 * the scenario's Liupanshui (5202), and no class names a place another class claims. {@code TestClaimsTest}
 * checks it; the table of claims is in docs/architecture.md.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Claims {

    /** Prefecture (4 digits) or county (6 digits) codes whose data only this class creates. */
    String[] value() default {};

    /** For a class claiming no place: what it reads or changes of the demo scenario, in a sentence. */
    String scenario() default "";
}
