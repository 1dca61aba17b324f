package org.counterpart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules own their tables: no module's SQL names a table another module owns; it asks the owner's
 * API instead. Which module owns each table is written here, once, and checked against the tables the
 * migrations create, so a new table cannot go unowned (the migrations themselves are not edited: a
 * changed migration would no longer match what Flyway applied to existing databases).
 * <p>
 * The SQL is read from the string literals (text blocks included) of the Java sources under
 * {@code src/main/java}, and from any other file under {@code src/main/resources} outside the
 * migrations that holds SQL. A literal counts as SQL when it carries an SQL keyword; in it every table
 * name is looked for as a whole word. A literal that is only the common prefix of several tables
 * ({@code "ledger_"}) is a table name being put together, and counts for each table it can begin.
 */
class ModuleTablesTest {

    static final Path SOURCES = Path.of("src/main/java/org/counterpart");
    static final Path RESOURCES = Path.of("src/main/resources");
    static final Path MIGRATIONS = RESOURCES.resolve("db/migration");

    /** Which module owns each table the migrations create. */
    static final Map<String, String> OWNER = Map.ofEntries(
            entry("region", "geography"),
            entry("user_account", "identity"),
            entry("login_throttle", "identity"),
            entry("login_throttle_client", "identity"),
            entry("audit_head", "audit"),
            entry("audit_entry", "audit"),
            entry("audit_pending", "audit"),
            entry("registry_conflict", "registry"),
            entry("household_removal", "registry"),
            entry("import_change", "registry"),
            entry("code_item", "registry"),
            entry("poverty_line", "registry"),
            entry("household", "registry"),
            entry("household_year", "registry"),
            entry("person", "registry"),
            entry("membership", "registry"),
            entry("import_run", "registry"),
            entry("import_problem", "registry"),
            entry("import_unknown_value", "registry"),
            entry("code_alias", "registry"),
            entry("monitoring_rule", "registry"),
            entry("monitoring_flag", "registry"),
            entry("monitoring_run", "registry"),
            entry("crosscheck_list", "registry"),
            entry("crosscheck_entry", "registry"),
            entry("crosscheck_flag", "registry"),
            entry("duplicate_decision", "registry"),
            entry("institution", "cooperation"),
            entry("pairing", "cooperation"),
            entry("ledger_agreement", "cooperation"),
            entry("agreement_milestone", "cooperation"),
            entry("ledger_fund", "cooperation"),
            entry("ledger_industry", "cooperation"),
            entry("ledger_labor", "cooperation"),
            entry("ledger_training", "cooperation"),
            entry("ledger_personnel", "cooperation"),
            entry("ledger_consumption", "cooperation"),
            entry("ledger_social", "cooperation"),
            entry("ledger_meeting", "cooperation"),
            entry("ledger_problem", "cooperation"),
            entry("ledger_document", "cooperation"),
            entry("ledger_import", "cooperation"),
            entry("ledger_import_problem", "cooperation"),
            entry("beneficiary_link", "cooperation"),
            entry("reach_person", "insight"),
            entry("reach_household", "insight"),
            entry("action_plan", "planning"),
            entry("responsibility_list", "planning"),
            entry("plan_task", "planning"),
            entry("task_target", "planning"),
            entry("task_milestone", "planning"),
            entry("report_evidence", "planning"),
            entry("monthly_report", "planning"),
            entry("report_value", "planning"),
            entry("report_value_record", "planning"),
            entry("lock_exception", "planning"));

    static final Pattern CREATE_TABLE = Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    static final Pattern SQL_KEYWORD = Pattern.compile("(?i)\\b(select|insert|update|delete|from|join|into|copy|truncate|merge|alter)\\b");
    /** Text blocks first, then ordinary string literals (escapes kept, which cannot join two words). */
    static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");
    static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");

    record Mention(String file, String module, String table, String owner) {
        @Override
        public String toString() {
            return file + " (" + module + ") names " + table + " (owned by " + owner + ")";
        }
    }

    @Test
    void everyTableTheMigrationsCreateHasAnOwner() {
        Set<String> created = createdTables();
        assertThat(created).as("tables created by the migrations").isNotEmpty();
        assertThat(new TreeSet<>(created)).as("tables without an owner in ModuleTablesTest.OWNER: say which module owns each")
                .isSubsetOf(OWNER.keySet());
        assertThat(new TreeSet<>(OWNER.keySet())).as("owners of tables no migration creates").isSubsetOf(created);
        Set<String> modules = modules();
        assertThat(new TreeSet<>(OWNER.values())).as("owners that are modules").isSubsetOf(modules);
    }

    @Test
    void noModuleNamesATableOfAnotherModuleInItsSql() {
        List<Mention> foreign = new ArrayList<>();
        for (Path file : javaSources()) {
            String relative = SOURCES.relativize(file).toString().replace('\\', '/');
            String module = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "(root)";
            for (String table : tablesNamed(literals(read(file)))) {
                String owner = OWNER.get(table);
                if (owner.equals(module)) {
                    continue;
                }
                foreign.add(new Mention(relative, module, table, owner));
            }
        }
        for (Path file : otherResources()) {
            String relative = RESOURCES.relativize(file).toString().replace('\\', '/');
            String first = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "";
            String module = modules().contains(first) ? first : "(application)";
            for (String table : tablesNamed(sqlLike(read(file)))) {
                if (!OWNER.get(table).equals(module)) {
                    foreign.add(new Mention(relative, module, table, OWNER.get(table)));
                }
            }
        }
        assertThat(foreign).as("SQL naming another module's table: go through the owner's API instead").isEmpty();
    }

    @Test
    void theScanFindsTablesInTheShapesTheCodeWritesSqlIn() {
        String source = """
                class X {
                    // select * from person (a comment, not SQL)
                    String a = "select id from household where x = 1";
                    String b = \"\"\"
                            insert into membership (household_id)
                            values (1)\"\"\";
                    String c = "from " + table(k);
                    String table(Object k) { return "ledger_" + k; }
                    String d = "the person next door";
                }
                """;
        assertThat(tablesNamed(literals(source))).contains("household", "membership", "ledger_fund", "ledger_social")
                .doesNotContain("person");
    }

    // --- reading ---

    static Set<String> tablesNamed(List<String> literals) {
        Set<String> found = new TreeSet<>();
        for (String literal : literals) {
            String text = literal.toLowerCase(Locale.ROOT);
            if (text.matches("[a-z][a-z0-9]*_")) {
                // a table name being put together from a prefix: every table it can begin
                OWNER.keySet().stream().filter(t -> t.startsWith(text)).forEach(found::add);
                continue;
            }
            if (!SQL_KEYWORD.matcher(text).find()) {
                continue;
            }
            for (String table : OWNER.keySet()) {
                if (Pattern.compile("(?<![a-z0-9_.:])" + table + "(?![a-z0-9_])").matcher(text).find()) {
                    found.add(table);
                }
            }
        }
        return found;
    }

    static List<String> literals(String source) {
        String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(source).replaceAll(" ")).replaceAll(" ");
        List<String> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(code);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    /** A resource holding SQL is read whole, one statement per line-group; others are left out. */
    static List<String> sqlLike(String text) {
        return SQL_KEYWORD.matcher(text).find() ? List.of(text.split("\\R\\s*\\R|;")) : List.of();
    }

    static Set<String> createdTables() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(read(f));
                while (m.find()) {
                    out.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Set<String> modules() {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            Set<String> out = new TreeSet<>();
            dirs.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resources that may hold SQL: everything but the migrations, templates, static files and the shipped tables. */
    static List<Path> otherResources() {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(MIGRATIONS) && !p.startsWith(RESOURCES.resolve("templates"))
                            && !p.startsWith(RESOURCES.resolve("static")))
                    .filter(p -> p.toString().matches(".*\\.(sql|properties|ya?ml|xml)$"))
                    .filter(p -> !p.getFileName().toString().startsWith("messages"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
