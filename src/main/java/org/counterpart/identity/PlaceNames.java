package org.counterpart.identity;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.InvalidInputException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/**
 * Places as the caller writes them in a form, a filter or an imported column: a code, a name (钟山区, 六盘水市),
 * a name without its level word (钟山), or a suggestion picked from the list ("钟山区 520201"). Names are
 * looked for in the caller's scope first, then in the whole country ({@link Regions#resolve}). Reading a
 * name grants nothing: whether the caller may read or write the place is still the service's question.
 */
@Service
public class PlaceNames {

    private final Regions regions;

    PlaceNames(Regions regions) {
        this.regions = regions;
    }

    /** The place the text names, or a refusal for this field: unknown, or ambiguous with its candidates. */
    public RegionCode read(String field, String text) {
        return regions.resolve(field, text, near());
    }

    /** As {@link #read}, with blank text meaning no place. */
    public Optional<RegionCode> readOptional(String field, String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(read(field, text));
    }

    /** What a filter typed: the place, or the refusal to show beside the field while the list is shown without it. */
    public Typed typed(String field, String text) {
        try {
            return new Typed(text == null ? "" : text.strip(), readOptional(field, text), Optional.empty());
        } catch (InvalidInputException refused) {
            return new Typed(text.strip(), Optional.empty(), Optional.of(refused));
        }
    }

    /** Suggestions while the caller types, the places of its own scope first. */
    public List<Suggestion> suggest(String text, int limit) {
        return regions.suggest(text, near(), Math.max(1, Math.min(limit, 50))).stream()
                .map(r -> new Suggestion(r.code().value(), r.name(), regions.fullName(r.code()), r.name() + " " + r.code().value()))
                .toList();
    }

    private List<RegionCode> near() {
        return CurrentUser.scopeOfCaller().flatMap(Scope::region).filter(r -> r.level() != org.counterpart.geography.RegionLevel.NATION)
                .map(List::of).orElse(List.of());
    }

    /** A place filter as typed: the text, the place it names, or why it names none. */
    public record Typed(String text, Optional<RegionCode> place, Optional<InvalidInputException> refusal) {
    }

    /** One suggestion: the value a form sends back ({@code name code}), and the full name shown beside it. */
    public record Suggestion(String code, String name, String fullName, String value) {
    }
}
