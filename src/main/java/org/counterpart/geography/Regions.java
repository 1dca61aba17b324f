package org.counterpart.geography;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
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
        return directory.byCode.values().stream()
                .filter(r -> r.level() == level && code.covers(r.code()))
                .count();
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

    public List<Region> provinces() {
        return children(RegionCode.NATION);
    }

    private static final class Directory {
        final Map<RegionCode, Region> byCode = new HashMap<>();
        final Map<RegionCode, List<Region>> children = new HashMap<>();

        Directory(List<Region> all) {
            for (Region r : all) {
                byCode.put(r.code(), r);
                children.computeIfAbsent(r.parent().orElse(RegionCode.NATION), k -> new ArrayList<>()).add(r);
            }
        }
    }
}
