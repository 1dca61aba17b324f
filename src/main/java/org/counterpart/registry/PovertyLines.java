package org.counterpart.registry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The poverty line of each year (yuan per person per year, current prices), national or set by a
 * province, with whether its figure was confirmed from a source. Data, never constants in code.
 */
@Service
public class PovertyLines {

    public record Line(int year, String province, BigDecimal amount, boolean confirmed, String source) {
    }

    private final JdbcClient jdbc;

    PovertyLines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Line> all() {
        return jdbc.sql("select reg_year, province, amount, confirmed, source from poverty_line order by reg_year, province")
                .query((rs, i) -> new Line(rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4), rs.getString(5)))
                .list();
    }

    /** The province's own line for the year where it set one, else the national line. */
    public Optional<Line> forYear(int year, String province) {
        return all().stream()
                .filter(l -> l.year() == year && (l.province().equals(province) || l.province().isEmpty()))
                .max(java.util.Comparator.comparing(l -> l.province().length()));
    }
}
