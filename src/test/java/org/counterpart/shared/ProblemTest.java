package org.counterpart.shared;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused cell's arguments keep their kind through the column they are stored in, for every import. */
class ProblemTest {

    @Test
    void numbersStayNumbersAndTextStaysTextThroughTheStoredColumn() {
        List<Object> arguments = List.of(2016L, "5227019999990001", new BigDecimal("12.30"), "", "a\u001e b");
        assertThat(Problem.decode(Problem.encode(arguments))).containsExactly(2016L, "5227019999990001", new BigDecimal("12.30"), "", "a\u001e b");
        assertThat(Problem.decode(Problem.encode(List.of()))).isEmpty();
    }

    @Test
    void aColumnStoredBeforeAsPlainTextReadsAsText() {
        assertThat(Problem.decode("2016\u001f52270199")).containsExactly("2016", "52270199");
        assertThat(Problem.decode(null)).isEmpty();
        assertThat(Problem.decode("")).isEmpty();
    }

    @Test
    void aNumberCutShortByTheColumnReadsAsText() {
        assertThat(Problem.decode("\u0001n12.3e")).containsExactly("12.3e");
    }
}
