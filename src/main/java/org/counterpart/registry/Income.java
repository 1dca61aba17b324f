package org.counterpart.registry;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A household's income of one year in yuan, exact to the fen. */
public record Income(BigDecimal wage, BigDecimal business, BigDecimal transfer, BigDecimal property, BigDecimal costs) {

    public static final Income NONE = new Income(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public BigDecimal total() {
        return wage.add(business).add(transfer).add(property);
    }

    /** (total − production costs) / members, as the registry defines per-capita net income. */
    public BigDecimal netPerCapita(int members) {
        if (members <= 0) {
            return BigDecimal.ZERO;
        }
        return total().subtract(costs).divide(BigDecimal.valueOf(members), 2, RoundingMode.HALF_UP);
    }
}
