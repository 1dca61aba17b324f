import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load of bench/web-load.sh: signed-in sessions doing what officers do, against a running Counterpart,
 * and the same requests' SQL replayed straight to PostgreSQL (the floor). Run by the script, not by hand:
 *
 *   java WebLoad.java load BASE SESSIONS SECONDS             the mix over HTTP; prints the figures
 *   java -cp pg.jar WebLoad.java marks BASE JDBC-URL OUT       each kind of request once, one after another, with a
 *                                                             marker statement in PostgreSQL's log before each
 *   java WebLoad.java split PG-LOG MARKS DATABASE SQL-DIR      cuts the log at the markers into one file per request
 *   java -cp pg.jar WebLoad.java floor JDBC-URL SQL-DIR SESSIONS SECONDS
 *                                                             the requests' statements (one file per kind, from the
 *                                                             log) replayed with the same sessions and think times
 *
 * Each session signs in as one of the demo accounts (both cities, several roles) and then, for the given time,
 * picks a request of the mix, waits for the answer, and thinks 1 to 3 seconds (an officer reading the page).
 */
public class WebLoad {

    /** The mix: kind, weight. Paths are made per session from what its own lists showed it. */
    static final String[][] MIX = {
            {"home", "15"}, {"households", "20"}, {"household", "15"}, {"ledger-list", "15"}, {"record", "10"},
            {"reach", "10"}, {"household-file", "5"}, {"monitoring", "5"}, {"export", "5"},
    };
    static final String[] USERS = {"lps.office", "zhongshan.reporter", "panzhou.reviewer", "dalian.office", "leader",
            "assessor", "ganjingzi.reporter", "admin"};
    static final String[] LEDGERS = {"funds", "training", "consumption", "social", "industry", "labor", "agreements"};
    /** The Liupanshui counties each account sees (its own, or the one its district helps); the others see all four. */
    static final String[] ALL_COUNTIES = {"520201", "520203", "520204", "520281"};
    static final Map<String, String[]> COUNTIES = Map.of("zhongshan.reporter", new String[]{"520201"},
            "panzhou.reviewer", new String[]{"520281"}, "ganjingzi.reporter", new String[]{"520203"});
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern HOUSEHOLD = Pattern.compile("href=\"/registry/households/(\\d+)");
    static final Pattern RECORD = Pattern.compile("href=\"/ledgers/funds/(\\d+)\"");

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "marks" -> marks(args[1], args[2], Path.of(args[3]));
            case "split" -> split(Path.of(args[1]), Path.of(args[2]), args[3], Path.of(args[4]));
            case "floor" -> floor(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** One signed-in session and the ids its own lists showed it. */
    static final class Session {
        final String base;
        final String user;
        String cookie = "";
        final List<String> households = new ArrayList<>();
        final List<String> records = new ArrayList<>();
        final Random random;

        Session(String base, String user, long seed) {
            this.base = base;
            this.user = user;
            this.random = new Random(seed);
        }

        void signIn() throws Exception {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            cookie(page);
            Matcher m = CSRF.matcher(page.body());
            if (!m.find()) {
                throw new IllegalStateException("no sign-in form at " + base + "/login");
            }
            String form = "username=" + enc(user) + "&password=" + enc("counterpart2018") + "&_csrf=" + enc(m.group(1));
            HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            cookie(done);
            String location = done.headers().firstValue("Location").orElse("");
            if (done.statusCode() != 302 || location.contains("error")) {
                throw new IllegalStateException("could not sign in as " + user + ": " + done.statusCode() + " " + location);
            }
        }

        void cookie(HttpResponse<?> response) {
            for (String c : response.headers().allValues("Set-Cookie")) {
                if (c.startsWith("JSESSIONID=")) {
                    cookie = c.substring(0, c.indexOf(';'));
                }
            }
        }

        /** Reads the session's own lists once, for the ids of its household and record pages. */
        void learn() throws Exception {
            collect(get("/registry/households?year=2018").body, HOUSEHOLD, households);
            collect(get("/registry/households?year=2018&page=3").body, HOUSEHOLD, households);
            collect(get("/ledgers/funds").body, RECORD, records);
        }

        static void collect(String html, Pattern p, List<String> into) {
            Matcher m = p.matcher(html);
            while (m.find()) {
                if (!into.contains(m.group(1))) {
                    into.add(m.group(1));
                }
            }
        }

        /** The path of a request of this kind for this session. */
        String path(String kind) {
            String[] counties = COUNTIES.getOrDefault(user, ALL_COUNTIES);
            String[] statuses = {"", "&status=POOR", "&status=EXITED"};
            return switch (kind) {
                case "home" -> "/";
                case "households" -> "/registry/households?year=2018" + (random.nextBoolean() ? "&region=" + pick(counties) : "")
                        + pick(statuses) + (random.nextInt(4) == 0 ? "&page=" + random.nextInt(20) : "");
                case "household" -> households.isEmpty() ? "/registry/households" : "/registry/households/" + pick(households);
                case "ledger-list" -> "/ledgers/" + pick(LEDGERS);
                case "record" -> records.isEmpty() ? "/ledgers/funds" : "/ledgers/funds/" + pick(records);
                case "reach" -> "/reach?year=2018" + (random.nextBoolean() ? "&place=" + pick(counties) : "");
                case "household-file" -> households.isEmpty() ? "/reach" : "/reach/households/" + pick(households);
                case "monitoring" -> "/registry/monitoring?year=2018";
                case "export" -> "/ledgers/" + pick(LEDGERS) + "/export.xlsx";
                default -> throw new IllegalArgumentException(kind);
            };
        }

        <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        String pick(String[] from) {
            return from[random.nextInt(from.length)];
        }

        Answer get(String path) throws Exception {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            return new Answer(r.statusCode(), r.body().length, nanos, new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    record Answer(int status, int bytes, long nanos, String body) {
    }

    record Sample(String kind, int status, int bytes, long nanos, String path) {
    }

    static Thread started(Runnable work) {
        Thread t = new Thread(work);
        t.start();
        return t;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> weighted() {
        List<String> kinds = new ArrayList<>();
        for (String[] k : MIX) {
            for (int i = 0; i < Integer.parseInt(k[1]); i++) {
                kinds.add(k[0]);
            }
        }
        return kinds;
    }

    static List<Session> sessions(String base, int count) throws Exception {
        List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
        Map<String, Session> learnt = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(started(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    String user = USERS[i % USERS.length];
                    Session s = new Session(base, user, 1000L + i);
                    try {
                        s.signIn();
                        Session known = learnt.get(user);
                        if (known == null) {
                            s.learn();
                            learnt.put(user, s);
                        } else {
                            s.households.addAll(known.households);
                            s.records.addAll(known.records);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    sessions.add(s);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (sessions.size() != count) {
            throw new IllegalStateException("only " + sessions.size() + " of " + count + " sessions signed in");
        }
        return sessions;
    }

    static void load(String base, int count, int seconds) throws Exception {
        long signStart = System.nanoTime();
        List<Session> sessions = sessions(base, count);
        System.out.printf("signed in %d sessions in %.1f s%n", count, (System.nanoTime() - signStart) / 1e9);
        // a warm-up of the same mix, not counted: the server's code is compiled by then, as on a server that runs all day
        List<Sample> warm = run(sessions, Math.max(10, seconds / 3));
        System.out.printf("warm-up: %d requests, not counted%n", warm.size());
        long runStart = System.nanoTime();
        List<Sample> samples = run(sessions, seconds);
        double elapsed = (System.nanoTime() - runStart) / 1e9;
        report("Counterpart over HTTP", samples, elapsed);
        List<Sample> errors = samples.stream().filter(x -> x.status != 200).toList();
        errors.stream().limit(10).forEach(x -> System.out.println("  error " + x.status + " " + x.path));
        Sample biggest = samples.stream().max((a, b) -> Integer.compare(a.bytes, b.bytes)).orElseThrow();
        System.out.printf("largest answer: %,d bytes (%s)%n", biggest.bytes, biggest.path);
        System.out.printf("largest page (HTML): %,d bytes%n", samples.stream().filter(x -> !x.kind.equals("export"))
                .mapToInt(Sample::bytes).max().orElse(0));
        System.out.println("errors: " + errors.size());
    }

    /** Every session picks, asks, waits for the answer and thinks, until the time is up. */
    static List<Sample> run(List<Session> sessions, int seconds) throws InterruptedException {
        List<String> kinds = weighted();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(sessions.size());
        for (Session s : sessions) {
            started(() -> {
                try {
                    Thread.sleep(s.random.nextInt(2000)); // the sessions do not all start in the same millisecond
                    while (System.nanoTime() < end) {
                        String kind = s.pick(kinds);
                        String path = s.path(kind);
                        try {
                            Answer a = s.get(path);
                            samples.add(new Sample(kind, a.status, a.bytes, a.nanos, path));
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            samples.add(new Sample(kind, 0, 0, 0, path + " " + e));
                        }
                        Thread.sleep(1000 + s.random.nextInt(2001));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return new ArrayList<>(samples);
    }

    static void report(String what, List<Sample> samples, double elapsed) {
        System.out.printf("%s: %d requests in %.1f s (%.1f per second)%n", what, samples.size(), elapsed, samples.size() / elapsed);
        System.out.printf("  %-15s %7s %9s %9s %9s%n", "kind", "count", "p50 ms", "p95 ms", "p99 ms");
        Map<String, List<Sample>> byKind = new TreeMap<>();
        for (Sample s : samples) {
            byKind.computeIfAbsent(s.kind, k -> new ArrayList<>()).add(s);
        }
        byKind.forEach((k, list) -> line(k, list));
        line("all", samples);
    }

    static void line(String kind, List<Sample> list) {
        long[] ns = list.stream().mapToLong(Sample::nanos).sorted().toArray();
        System.out.printf("  %-15s %7d %9.1f %9.1f %9.1f%n", kind, ns.length, pct(ns, 50), pct(ns, 95), pct(ns, 99));
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /**
     * Each kind of request once per demo account, one after another, each after a marker statement sent to the
     * benchmark's database: PostgreSQL's log then holds each request's statements between two markers.
     */
    static void marks(String base, String jdbcUrl, Path out) throws Exception {
        List<Session> sessions = sessions(base, USERS.length);
        List<String> lines = new ArrayList<>();
        List<Sample> alone = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement st = c.createStatement()) {
            int n = 0;
            for (int round = 0; round < 2; round++) {
                for (String[] k : MIX) {
                    for (Session s : sessions) {
                        String path = s.path(k[0]);
                        String mark = "bench-mark " + (++n) + " " + k[0];
                        st.execute("select '" + mark + "'");
                        Answer a = s.get(path);
                        lines.add(n + " " + k[0] + " " + a.status + " " + path);
                        alone.add(new Sample(k[0], a.status, a.bytes, a.nanos, path));
                        Thread.sleep(30);
                    }
                }
            }
            st.execute("select 'bench-mark " + (++n) + " end'");
        }
        Files.write(out, lines);
        System.out.println("marked " + lines.size() + " requests");
        report("one request at a time (every statement logged by PostgreSQL meanwhile)", alone, alone.stream().mapToLong(Sample::nanos).sum() / 1e9);
    }

    /** One request's statements as the log gave them: text with $n placeholders and the values bound. */
    record Logged(String sql, List<String> values) {
    }

    /**
     * Replays each request's logged statements over JDBC with the same number of sessions and think times as
     * the load: what PostgreSQL needs for the mix, with no HTTP, no Java work and no templates.
     */
    static void floor(String jdbcUrl, Path dir, int count, int seconds) throws Exception {
        Map<String, List<List<Logged>>> byKind = new LinkedHashMap<>();
        for (Path f : Files.list(dir).sorted().toList()) {
            String name = f.getFileName().toString();
            String kind = name.substring(name.indexOf('-') + 1, name.length() - 4);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(read(f));
        }
        List<String> kinds = weighted().stream().filter(byKind::containsKey).toList();
        // the application's pool is 10 connections; the floor gets the same
        java.util.concurrent.BlockingQueue<Connection> pool = new java.util.concurrent.LinkedBlockingQueue<>();
        for (int i = 0; i < 10; i++) {
            Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
            c.setAutoCommit(true);
            pool.add(c);
        }
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(count);
        long runStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Random random = new Random(2000L + i);
            started(() -> {
                try {
                    Thread.sleep(random.nextInt(2000));
                    while (System.nanoTime() < end) {
                        String kind = kinds.get(random.nextInt(kinds.size()));
                        List<List<Logged>> requests = byKind.get(kind);
                        List<Logged> request = requests.get(random.nextInt(requests.size()));
                        long start = System.nanoTime();
                        Connection c = pool.take();
                        try {
                            for (Logged l : request) {
                                try (PreparedStatement ps = c.prepareStatement(l.sql)) {
                                    for (int v = 0; v < l.values.size(); v++) {
                                        String value = l.values.get(v);
                                        if (value == null) {
                                            ps.setNull(v + 1, Types.OTHER);
                                        } else {
                                            ps.setObject(v + 1, value, Types.OTHER);
                                        }
                                    }
                                    if (ps.execute()) {
                                        try (var rs = ps.getResultSet()) {
                                            while (rs.next()) {
                                                rs.getObject(1);
                                            }
                                        }
                                    }
                                } catch (java.sql.SQLException e) {
                                    if (failures.incrementAndGet() <= 5) {
                                        System.out.println("  refused: " + e.getMessage().lines().findFirst().orElse("") + " in "
                                                + l.sql.substring(0, Math.min(120, l.sql.length())));
                                    }
                                }
                            }
                        } finally {
                            pool.put(c);
                        }
                        samples.add(new Sample(kind, 200, 0, System.nanoTime() - start, ""));
                        Thread.sleep(1000 + random.nextInt(2001));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        report("the same requests' SQL straight to PostgreSQL", samples, (System.nanoTime() - runStart) / 1e9);
        System.out.println("statements refused in the replay: " + failures.get());
        for (Connection c : pool) {
            c.close();
        }
    }

    static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] (\\S*)@(\\S*) (\\w+):  (.*)$");
    static final Pattern EXECUTE = Pattern.compile("^duration: ([\\d.]+) ms  execute [^:]+: (.*)$", Pattern.DOTALL);
    static final Pattern MARK = Pattern.compile("bench-mark (\\d+) ");
    static final Pattern VALUE = Pattern.compile("\\$(\\d+) = (NULL|'((?:[^']|'')*)')");

    /**
     * Cuts PostgreSQL's statement log at the markers of {@code marks}: each request's executed statements (with
     * their values) in a file {@code N-kind.sql}, as {@link #read} reads them. Only the benchmark database's lines count.
     */
    static void split(Path log, Path marks, String database, Path dir) throws Exception {
        Map<Integer, String> kinds = new TreeMap<>();
        for (String line : Files.readAllLines(marks)) {
            String[] f = line.split(" ", 4);
            if (f[2].equals("200")) {
                kinds.put(Integer.parseInt(f[0]), f[1]);
            }
        }
        // join continuation lines (a tab at the start) to the entry they belong to
        List<String[]> entries = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches()) {
                entries.add(new String[]{m.group(3), m.group(4), m.group(5), m.group(1)});
            } else if (!entries.isEmpty()) {
                String[] last = entries.get(entries.size() - 1);
                last[2] = last[2] + "\n" + (line.startsWith("\t") ? line.substring(1) : line);
            }
        }
        Files.createDirectories(dir);
        Integer current = null;
        StringBuilder out = new StringBuilder();
        int written = 0;
        double millis = 0;
        int statements = 0;
        Map<String, List<Sample>> dbTime = new TreeMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String[] e = entries.get(i);
            if (!e[0].equals(database) || !e[1].equals("LOG")) {
                continue;
            }
            Matcher x = EXECUTE.matcher(e[2]);
            if (!x.matches()) {
                continue;
            }
            String sql = x.group(2);
            Matcher mark = MARK.matcher(sql);
            if (sql.startsWith("select 'bench-mark") && mark.find()) {
                if (current != null && kinds.containsKey(current)) {
                    Files.writeString(dir.resolve(current + "-" + kinds.get(current) + ".sql"), out.toString());
                    written++;
                    dbTime.computeIfAbsent(kinds.get(current), k -> new ArrayList<>())
                            .add(new Sample(kinds.get(current), 200, statements, (long) (millis * 1e6), ""));
                }
                current = Integer.parseInt(mark.group(1));
                out.setLength(0);
                millis = 0;
                statements = 0;
                continue;
            }
            if (current == null) {
                continue;
            }
            millis += Double.parseDouble(x.group(1));
            statements++;
            List<String> values = new ArrayList<>();
            // the values are the next line of the same backend (other connections' lines may come between)
            String[] detail = null;
            for (int j = i + 1; j < entries.size() && j < i + 50; j++) {
                if (entries.get(j)[3].equals(e[3])) {
                    detail = entries.get(j);
                    break;
                }
            }
            if (detail != null && detail[1].equals("DETAIL") && detail[2].regionMatches(true, 0, "parameters:", 0, 11)) {
                Matcher v = VALUE.matcher(detail[2]);
                while (v.find()) {
                    values.add(v.group(2).equals("NULL") ? "NULL" : v.group(3).replace("''", "'").replace("\n", "\\n"));
                }
            }
            out.append(sql).append(values.isEmpty() ? "" : "\n-- values\n" + String.join("\n", values)).append("\n--\n");
        }
        System.out.println("wrote the statements of " + written + " requests");
        System.out.println("PostgreSQL's own time per request, one at a time (the log's durations):");
        System.out.printf("  %-15s %7s %11s %9s%n", "kind", "count", "statements", "p50 ms");
        dbTime.forEach((kind, list) -> {
            long[] ns = list.stream().mapToLong(Sample::nanos).sorted().toArray();
            System.out.printf("  %-15s %7d %11d %9.1f%n", kind, list.size(),
                    list.stream().mapToInt(Sample::bytes).sum() / list.size(), pct(ns, 50));
        });
    }

    /** A request's file: statements separated by a line "--", each its SQL, then a line "-- values" and one value a line. */
    static List<Logged> read(Path f) throws Exception {
        List<Logged> out = new ArrayList<>();
        String text = Files.readString(f);
        for (String block : text.split("\n--\n")) {
            if (block.isBlank()) {
                continue;
            }
            int split = block.indexOf("\n-- values\n");
            String sql = split < 0 ? block : block.substring(0, split);
            List<String> values = new ArrayList<>();
            if (split >= 0) {
                for (String v : block.substring(split + "\n-- values\n".length()).split("\n", -1)) {
                    if (!v.isEmpty()) {
                        values.add(v.equals("NULL") ? null : v.replace("\\n", "\n"));
                    }
                }
            }
            // the log shows the driver's placeholders ($1, $2, … in order); JDBC takes them as ?
            out.add(new Logged(sql.strip().replaceAll("\\$\\d+", "?"), values));
        }
        return out;
    }
}
