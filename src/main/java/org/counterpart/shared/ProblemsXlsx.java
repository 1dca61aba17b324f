package org.counterpart.shared;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The problems of an import as a spreadsheet to download, in the reader's language: line, column,
 * value, reason. One writer for every import, so the registry's and the ledgers' files read the same.
 */
@Component
public class ProblemsXlsx {

    private final MessageSource messages;

    ProblemsXlsx(MessageSource messages) {
        this.messages = messages;
    }

    /** Sends the problems as an attachment named {@code fileName}. */
    public void send(List<? extends Problem> problems, String fileName, Locale locale, HttpServletResponse response) throws IOException {
        XlsxTable table = new XlsxTable(msg("import.problems", locale), List.of(msg("import.line", locale), msg("import.column", locale),
                msg("import.value", locale), msg("import.reason", locale)));
        for (Problem p : problems) {
            table.row(p.line(), p.column(), p.shownValue(), messages.getMessage(p.messageKey(), p.arguments().toArray(), p.messageKey(), locale));
        }
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        table.writeTo(response.getOutputStream());
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
