package org.counterpart.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+86 138 0000 0000", "-5", "@SUM(A1)", "\tcmd", "\rcmd", "=", "-"})
    void textStartingWithAFormulaCharacterLooksLikeAFormula(String value) {
        assertThat(SpreadsheetCells.looksLikeFormula(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"张三", "520201", "1+1", " =1+1", "a=b", "'=1+1", "５", "＝1+1"})
    void textStartingWithAnythingElseDoesNotLookLikeAFormula(String value) {
        assertThat(SpreadsheetCells.looksLikeFormula(value)).isFalse();
    }

    @Test
    void missingOrEmptyTextDoesNotLookLikeAFormula() {
        assertThat(SpreadsheetCells.looksLikeFormula(null)).isFalse();
        assertThat(SpreadsheetCells.looksLikeFormula("")).isFalse();
    }

    @Test
    void formulaLikeTextIsMadeSafeWithALeadingApostrophe() {
        assertThat(SpreadsheetCells.safe("=1+1")).isEqualTo("'=1+1");
        assertThat(SpreadsheetCells.safe("+86 138")).isEqualTo("'+86 138");
        assertThat(SpreadsheetCells.safe("-5")).isEqualTo("'-5");
        assertThat(SpreadsheetCells.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetCells.safe("\t=cmd")).isEqualTo("'\t=cmd");
        assertThat(SpreadsheetCells.safe("\r=cmd")).isEqualTo("'\r=cmd");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        assertThat(SpreadsheetCells.safe("贵州省")).isEqualTo("贵州省");
        assertThat(SpreadsheetCells.safe("1+1")).isEqualTo("1+1");
        assertThat(SpreadsheetCells.safe("'=1+1")).isEqualTo("'=1+1");
    }

    @Test
    void missingTextBecomesAnEmptyCell() {
        assertThat(SpreadsheetCells.safe(null)).isEmpty();
        assertThat(SpreadsheetCells.safe("")).isEmpty();
    }
}
