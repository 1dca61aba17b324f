package org.counterpart.geography;

import org.counterpart.shared.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The division tree, held in memory after start-up: about 80,000 divisions fit in a few megabytes,
 * and every page that names a place asks for it, so a database round trip per name is not worth it.
 * The {@code region} table stays the source of truth; the loader fills it on first start.
 */
@Service
public class Regions {

    private final JdbcClient jdbc;
    private volatile Directory directory = new Directory(List.of());

    Regions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Re-reads the tree from the database (after the first load, or if an administrator edits it). */
    public void refresh() {
        List<Region> all = jdbc.sql("select code, name, level, parent_code from region order by code")
                .query((rs, i) -> new Region(new RegionCode(rs.getString(1)), rs.getString(2),
                        RegionLevel.values()[rs.getInt(3)],
                        Optional.ofNullable(rs.getString(4)).map(RegionCode::new)))
                .list();
        directory = new Directory(all);
    }

    public int size() {
        return directory.byCode.size();
    }

    /** A code that exists, or a refusal that says whether the shape or the existence is wrong. */
    public RegionCode code(String raw) {
        RegionCode code = RegionCode.parse(raw);
        if (code.level() == RegionLevel.NATION) {
            return code;
        }
        if (!directory.byCode.containsKey(code)) {
            throw new UnknownRegionException(code.value());
        }
        return code;
    }

    public boolean exists(String raw) {
        try {
            code(raw);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Optional<Region> find(RegionCode code) {
        return Optional.ofNullable(directory.byCode.get(code));
    }

    public Region get(RegionCode code) {
        return find(code).orElseThrow(() -> new UnknownRegionException(code.value()));
    }

    /** The Chinese name, or the code itself when unknown. */
    public String name(RegionCode code) {
        if (code.level() == RegionLevel.NATION) {
            return "全国";
        }
        return find(code).map(Region::name).orElse(code.value());
    }

    /** Names from province down, e.g. 贵州省 › 六盘水市 › 钟山区. */
    public String fullName(RegionCode code) {
        List<String> names = new ArrayList<>();
        for (Region r : path(code)) {
            if (!"市辖区".equals(r.name()) && !"县".equals(r.name())) {
                names.add(r.name());
            }
        }
        return names.isEmpty() ? name(code) : String.join(" › ", names);
    }

    /**
     * The name at each level from province to village of this division's chain, one per level (blank where
     * the chain has none, as for a place above that level): the columns of an export ready for a report.
     */
    public List<String> namesByLevel(RegionCode code) {
        List<String> out = new ArrayList<>();
        List<Region> chain = path(code);
        for (RegionLevel level : List.of(RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE)) {
            out.add(chain.stream().filter(r -> r.level() == level).map(Region::name).findFirst().orElse(""));
        }
        return out;
    }

    /** The chain of divisions from the province to this one, following recorded parents. */
    public List<Region> path(RegionCode code) {
        List<Region> chain = new ArrayList<>();
        Optional<Region> current = find(code);
        while (current.isPresent()) {
            chain.add(current.get());
            current = current.get().parent().flatMap(this::find);
        }
        Collections.reverse(chain);
        return chain;
    }

    public List<Region> children(RegionCode code) {
        return directory.children.getOrDefault(code, List.of());
    }

    /** How many divisions of a level lie below a code. */
    public long countBelow(RegionCode code, RegionLevel level) {
        // the tree does not change between refreshes: each count is made once (a full pass over 79,394
        // divisions was a tenth of the home page's time under load)
        Directory d = directory;
        return d.counts.computeIfAbsent(code.value() + "/" + level, k -> d.byCode.values().stream()
                .filter(r -> r.level() == level && code.covers(r.code()))
                .count());
    }

    /**
     * Divisions whose code starts with the query or whose name contains it, shallow levels first.
     * The query is matched literally: it never reaches SQL.
     */
    public List<Region> search(String query, int limit) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        String digits = q.chars().allMatch(Character::isDigit) ? q : null;
        String lower = q.toLowerCase(Locale.ROOT);
        return directory.byCode.values().stream()
                .filter(r -> digits != null ? r.code().value().startsWith(digits) : r.name().toLowerCase(Locale.ROOT).contains(lower))
                .sorted(Comparator.comparing((Region r) -> r.level().ordinal()).thenComparing(Region::code))
                .limit(limit)
                .toList();
    }

    /**
     * A place as people write it: its code (520201), its name (钟山区, 六盘水市) or its name without the
     * word for its level (钟山, 六盘水). Looked for near the caller first (its scope, or what it works on),
     * then in the whole country. A full name beats a shortened one, and the larger place a smaller one of
     * the same name; what is still more than one is refused with the candidates, what is none as unknown.
     * The field names where the refusal is shown.
     */
    public RegionCode resolve(String field, String text, Collection<RegionCode> near) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new InvalidInputException(field, "place.required");
        }
        java.util.regex.Matcher picked = PICKED.matcher(t);
        if (picked.matches()) {
            t = picked.group(1); // a suggestion picked from the list: "钟山区 520201"
        }
        if (t.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            try { // no Chinese in it: a code, refused for its shape when it is not one
                return code(t);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(field, e.messageKey(), e.arguments());
            }
        }
        List<Region> found = named(t);
        List<Region> nearby = found.stream().filter(r -> near.stream().anyMatch(n -> n.covers(r.code()))).toList();
        List<Region> best = best(nearby.isEmpty() ? found : nearby, t);
        if (best.isEmpty()) {
            throw new InvalidInputException(field, "place.unknown", t);
        }
        if (best.size() > 1) {
            String candidates = best.stream().limit(8).map(r -> fullName(r.code()) + " (" + r.code().value() + ")")
                    .collect(java.util.stream.Collectors.joining("; "));
            throw new InvalidInputException(field, "place.ambiguous", t, candidates);
        }
        return best.get(0).code();
    }

    private static final java.util.regex.Pattern PICKED = java.util.regex.Pattern.compile("\\S.*?\\s+\\(?(\\d{2,12})\\)?");

    /** Suggestions while someone types a place: names containing the text or codes starting with it, near ones first. */
    public List<Region> suggest(String text, Collection<RegionCode> near, int limit) {
        String q = text == null ? "" : text.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        boolean digits = q.chars().allMatch(Character::isDigit);
        return directory.byCode.values().stream()
                .filter(r -> digits ? r.code().value().startsWith(q) : r.name().contains(q))
                .sorted(Comparator.comparing((Region r) -> r.name().equals(q) || r.code().value().equals(q) ? 0 : 1)
                        .thenComparing(r -> near.stream().anyMatch(n -> n.covers(r.code())) ? 0 : 1)
                        .thenComparing(r -> r.level().ordinal())
                        .thenComparing(Region::code))
                .limit(limit)
                .toList();
    }

    /** Divisions known by this text: their name, or their name without one or more level words. */
    private List<Region> named(String text) {
        List<Region> found = directory.byKey.getOrDefault(text, List.of());
        String stem = stem(text);
        return found.isEmpty() && !stem.isEmpty() ? directory.byKey.getOrDefault(stem, List.of()) : found;
    }

    /** The candidates that win: full-name matches over shortened ones, then the shallowest level. */
    private static List<Region> best(List<Region> found, String text) {
        List<Region> exact = found.stream().filter(r -> r.name().equals(text)).toList();
        List<Region> pool = exact.isEmpty() ? found : exact;
        int top = pool.stream().mapToInt(r -> r.level().ordinal()).min().orElse(0);
        return pool.stream().filter(r -> r.level().ordinal() == top).sorted(Comparator.comparing(Region::code)).toList();
    }

    /** The words for a level at the end of a name, longest first, so that 钟山区 and 钟山 share the stem 钟山. */
    private static final List<String> LEVEL_WORDS = List.of("村民委员会", "居民委员会", "特别行政区", "自治州", "自治县", "自治旗",
            "自治区", "村委会", "居委会", "林区", "特区", "地区", "街道", "社区", "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡", "村");

    /** The name without its last level word (钟山村村民委员会 → 钟山村), or empty when it has none to drop. */
    private static String stem(String name) {
        for (String word : LEVEL_WORDS) {
            if (name.endsWith(word) && name.length() >= word.length() + 2) {
                return name.substring(0, name.length() - word.length());
            }
        }
        return "";
    }

    /** Every text a division is known by: its name and its successive stems (钟山村村民委员会, 钟山村, 钟山). */
    private static List<String> keys(String name) {
        List<String> keys = new ArrayList<>(List.of(name));
        for (String s = stem(name); !s.isEmpty(); s = stem(s)) {
            keys.add(s);
        }
        return keys;
    }

    public List<Region> provinces() {
        return children(RegionCode.NATION);
    }

    private static final class Directory {
        final Map<RegionCode, Region> byCode = new HashMap<>();
        final Map<RegionCode, List<Region>> children = new HashMap<>();
        /** Divisions by every text they are known by (钟山区 under 钟山区 and 钟山): the names people type. */
        final Map<String, List<Region>> byKey = new HashMap<>();
        /** Counts of divisions of a level below a code, made when first asked ("5202/VILLAGE"). */
        final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();

        Directory(List<Region> all) {
            for (Region r : all) {
                byCode.put(r.code(), r);
                for (String key : keys(r.name())) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
                children.computeIfAbsent(r.parent().orElse(RegionCode.NATION), k -> new ArrayList<>()).add(r);
            }
        }
    }
}
