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
    private final org.springframework.context.ApplicationEventPublisher events;

    PovertyLines(JdbcClient jdbc, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public List<Line> all() {
        return jdbc.sql("select reg_year, province, amount, confirmed, source from poverty_line order by reg_year, province")
                .query((rs, i) -> new Line(rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4), rs.getString(5)))
                .list();
    }

    /**
     * Records or changes the line of a year (province empty for the national line). Administrators only;
     * the change goes to the audit log with the old and new figure and source.
     */
    @org.springframework.transaction.annotation.Transactional
    public void save(int year, String province, String amount, boolean confirmed, String source) {
        org.counterpart.identity.CurrentUser me = org.counterpart.identity.CurrentUser.require();
        if (!me.is(org.counterpart.identity.Role.ADMINISTRATOR)) {
            throw new org.springframework.security.access.AccessDeniedException("poverty lines are kept by administrators");
        }
        if (year < 2000 || year > java.time.Year.now().getValue() + 1) {
            throw new org.counterpart.shared.InvalidInputException("year", "import.range", 2000, java.time.Year.now().getValue() + 1);
        }
        String p = province == null ? "" : province.strip();
        if (!p.isEmpty() && !p.matches("[0-9]{2}")) {
            throw new org.counterpart.shared.InvalidInputException("province", "line.province.invalid");
        }
        BigDecimal value = org.counterpart.shared.Money.parse("amount", amount).map(org.counterpart.shared.Money::yuan).orElse(BigDecimal.ZERO);
        if (value.signum() <= 0) {
            throw new org.counterpart.shared.InvalidInputException("amount", "field.required");
        }
        String src = source == null ? "" : source.strip();
        if (src.isEmpty()) {
            throw new org.counterpart.shared.InvalidInputException("source", "field.required");
        }
        if (src.length() > 300) {
            throw new org.counterpart.shared.InvalidInputException("source", "field.tooLong", 300);
        }
        Optional<Line> before = all().stream().filter(l -> l.year() == year && l.province().equals(p)).findFirst();
        jdbc.sql("delete from poverty_line where reg_year = :y and province = :p").param("y", year).param("p", p).update();
        jdbc.sql("insert into poverty_line (reg_year, province, amount, confirmed, source) values (:y, :p, :a, :c, :s)")
                .param("y", year).param("p", p).param("a", value).param("c", confirmed).param("s", src).update();
        java.util.Map<String, String> after = java.util.Map.of("amount", value.toPlainString(), "confirmed", String.valueOf(confirmed), "source", src);
        String id = year + (p.isEmpty() ? "" : "/" + p);
        events.publishEvent(before.isPresent()
                ? org.counterpart.shared.RecordChanged.updated(RegistryAudit.POVERTY_LINE, id, java.util.Map.of("amount", before.get().amount().toPlainString(),
                        "confirmed", String.valueOf(before.get().confirmed()), "source", before.get().source()), after)
                : org.counterpart.shared.RecordChanged.created(RegistryAudit.POVERTY_LINE, id, after));
    }

    /** The province's own line for the year where it set one, else the national line. */
    public Optional<Line> forYear(int year, String province) {
        return all().stream()
                .filter(l -> l.year() == year && (l.province().equals(province) || l.province().isEmpty()))
                .max(java.util.Comparator.comparing(l -> l.province().length()));
    }
}
