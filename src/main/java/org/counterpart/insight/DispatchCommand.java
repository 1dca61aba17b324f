package org.counterpart.insight;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.Command;
import org.counterpart.shared.Formats;
import org.counterpart.shared.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** {@code report dispatch --month 2018-09 --format pdf|xlsx --out FILE [--lang zh|en]}: the monthly dispatch report as a file. */
public final class DispatchCommand implements Command {

    @Override
    public String name() {
        return "report dispatch";
    }

    @Override
    public String usage() {
        return """
                  report dispatch --month YYYY-MM --format pdf|xlsx --out FILE [--lang zh|en] [--list N]
                                      write the monthly dispatch report of that month (Chinese by default;
                                      the list of the month's year, or responsibility list N)
                """;
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        String month = null;
        String format = null;
        String file = null;
        String lang = "zh";
        String listArg = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--month" -> month = next;
                case "--format" -> format = next;
                case "--out" -> file = next;
                case "--lang" -> lang = next;
                case "--list" -> listArg = next;
                default -> {
                    err.println("report dispatch: unknown argument " + a);
                    return USAGE;
                }
            }
            i++;
        }
        if (month == null || format == null || file == null || !(format.equals("pdf") || format.equals("xlsx"))
                || !(lang != null && (lang.equals("zh") || lang.equals("en")))) {
            err.println("report dispatch: give --month YYYY-MM, --format pdf or xlsx, and --out FILE (and --lang zh or en)");
            return USAGE;
        }
        YearMonth ym;
        try {
            ym = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            err.println("report dispatch: --month " + month + " is not a month written as YYYY-MM");
            return USAGE;
        }
        Long listId = null;
        if (listArg != null) {
            try {
                listId = Long.parseLong(listArg);
            } catch (NumberFormatException e) {
                err.println("report dispatch: --list " + listArg + " is not the number of a responsibility list");
                return USAGE;
            }
        }
        Long chosenList = listId;
        Locale locale = lang.equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        Path target = Path.of(file).toAbsolutePath();
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            err.println("report dispatch: the folder of " + file + " does not exist");
            return USAGE;
        }
        String chosenFormat = format;
        String written = file;
        DispatchReports reports = context.bean(DispatchReports.class);
        DispatchDocuments documents = context.bean(DispatchDocuments.class);
        try {
            Path temp = Files.createTempFile(target.getParent() == null ? Path.of(".") : target.getParent(), ".dispatch-", ".part");
            try {
                CurrentUser.runAsSystem(() -> {
                    LocalDate today = LocalDate.now(Formats.CHINA);
                    long list = chosenList != null ? chosenList : reports.listFor(ym).id();
                    Dispatch d = reports.report(list, ym.getMonthValue(), today);
                    try (OutputStream o = Files.newOutputStream(temp)) {
                        if (chosenFormat.equals("pdf")) {
                            documents.pdf(d, locale, today, o);
                        } else {
                            documents.xlsx(d, locale, o);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    out.println("Wrote the dispatch report of " + ym + " (" + d.tasks().size() + " targets, " + d.behindCount()
                            + " behind schedule) to " + written);
                });
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return OK;
        } catch (org.counterpart.shared.NotFoundException e) {
            err.println("report dispatch: there is no responsibility list " + listArg);
            return FAILED;
        } catch (InvalidInputException e) {
            err.println("report dispatch: " + (e.messageKey().equals("dispatch.noList") ? "there is no responsibility list for " + ym.getYear()
                    : "refused (" + e.messageKey() + ")"));
            return FAILED;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("report dispatch: could not write " + file + ": " + e.getMessage());
            return FAILED;
        }
    }
}
