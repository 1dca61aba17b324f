package org.counterpart.cooperation;

import org.counterpart.shared.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every ledger the application serves: the ten shipped ones, then each {@link Ledger} declared as a
 * bean (by another module, or by a test), in bean order. A new ledger is one such bean and its table;
 * the pages, the import, the exports and the API find it here.
 */
@Component
public class LedgerCatalog {

    private final List<Ledger> all;

    LedgerCatalog(ObjectProvider<Ledger> contributed) {
        List<Ledger> ledgers = new ArrayList<>(Arrays.asList(Ledger.values()));
        contributed.orderedStream().forEach(ledgers::add);
        Set<String> codes = new HashSet<>();
        Set<String> slugs = new HashSet<>();
        for (Ledger l : ledgers) {
            if (!codes.add(l.code()) || !slugs.add(l.slug())) {
                throw new IllegalStateException("two ledgers named " + l.code() + " / " + l.slug());
            }
        }
        this.all = List.copyOf(ledgers);
    }

    public List<Ledger> all() {
        return all;
    }

    public Optional<Ledger> bySlug(String slug) {
        return all.stream().filter(l -> l.slug().equals(slug)).findFirst();
    }

    public Optional<Ledger> byCode(String code) {
        return all.stream().filter(l -> l.code().equals(code)).findFirst();
    }

    /** The ledger of an address, or 404. */
    public Ledger require(String slug) {
        return bySlug(slug).orElseThrow(() -> new NotFoundException("ledger " + slug));
    }

    /** The ledgers whose records name an agreement: the projects an agreement's page lists. */
    public List<Ledger> referencingAgreements() {
        return all.stream().filter(l -> !l.fields(LedgerField.Type.AGREEMENT_REF).isEmpty()).toList();
    }
}
