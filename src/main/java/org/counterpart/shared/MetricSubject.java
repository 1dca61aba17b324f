package org.counterpart.shared;

import java.util.regex.Pattern;

/**
 * Whose figure a metric value is. A helped place answers for what reached it (the records about that
 * place or below it, the households registered there); a helping district or an institution answers for
 * what it recorded. Region codes are the 2–12 digit division codes of {@code geography}; they are kept as
 * text here because {@code shared} sits below every module.
 */
public sealed interface MetricSubject {

    Pattern REGION = Pattern.compile("\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12}");

    /** A stable written form, e.g. {@code place:520201}, {@code recorded:210202}, {@code institution:17}. */
    String key();

    /** The records about a place or anywhere below it. */
    record Place(String region) implements MetricSubject {
        public Place {
            requireRegion(region);
        }

        @Override
        public String key() {
            return "place:" + region;
        }
    }

    /** The records recorded by the government of a region or any region below it. */
    record RecordedBy(String region) implements MetricSubject {
        public RecordedBy {
            requireRegion(region);
        }

        @Override
        public String key() {
            return "recorded:" + region;
        }
    }

    /** The records recorded by one institution (a department, an enterprise, a hospital). */
    record Institution(long id) implements MetricSubject {
        public Institution {
            if (id <= 0) {
                throw new IllegalArgumentException("institution id must be positive");
            }
        }

        @Override
        public String key() {
            return "institution:" + id;
        }
    }

    /** Reads {@link #key()} back. */
    static MetricSubject parse(String key) {
        String k = key == null ? "" : key.strip();
        int colon = k.indexOf(':');
        if (colon > 0) {
            String kind = k.substring(0, colon);
            String rest = k.substring(colon + 1);
            try {
                switch (kind) {
                    case "place" -> {
                        return new Place(rest);
                    }
                    case "recorded" -> {
                        return new RecordedBy(rest);
                    }
                    case "institution" -> {
                        return new Institution(Long.parseLong(rest));
                    }
                    default -> {
                    }
                }
            } catch (IllegalArgumentException refused) {
                // falls through to the refusal below
            }
        }
        throw new InvalidInputException("subject", "metric.subject.invalid");
    }

    private static void requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a division code: " + region);
        }
    }
}
