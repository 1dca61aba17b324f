package org.counterpart.registry;

import org.counterpart.geography.Regions;
import org.counterpart.shared.Command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** {@code generate households}: writes a synthetic registry export in real villages, for tests and benchmarks. */
public final class GenerateHouseholdsCommand implements Command {

    @Override
    public String name() {
        return "generate households";
    }

    @Override
    public String usage() {
        return """
                  generate households --count N --year Y[-Y2] [--county CODE] [--out FILE] [--seed S]
                                      [--duplicates K]
                                      write a synthetic registry export in real villages for tests
                                      and benchmarks (default county: all of Liupanshui, 5202)
                """;
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        try {
            int count = Integer.parseInt(ImportHouseholdsCommand.option(args, "--count")
                    .orElseThrow(() -> new IllegalArgumentException("--count is required")));
            String years = ImportHouseholdsCommand.option(args, "--year").orElseThrow(() -> new IllegalArgumentException("--year is required"));
            String[] range = years.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            List<Integer> yearList = IntStream.rangeClosed(from, to).boxed().toList();
            Path target = Path.of(option(args, "--out").orElse("households-" + years + ".csv"));
            var area = context.bean(Regions.class).code(option(args, "--county").orElse("5202"));
            long rows = context.bean(RegistryGenerator.class).write(new RegistryGenerator.Spec(count, yearList, area,
                    Long.parseLong(option(args, "--seed").orElse("2018")), Integer.parseInt(option(args, "--duplicates").orElse("0"))), target);
            out.printf("Wrote %,d member rows of %,d households (%s) to %s%n", rows, count, years, target);
            return OK;
        } catch (RuntimeException e) {
            err.println("generate households: " + e.getMessage());
            err.print(context.usage());
            return USAGE;
        }
    }

    private static Optional<String> option(List<String> args, String name) {
        return ImportHouseholdsCommand.option(args, name);
    }
}
