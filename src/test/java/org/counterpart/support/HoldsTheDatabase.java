package org.counterpart.support;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Another process holding an embedded database file, as a running server does: opens the URL given,
 * says "open", and keeps the file until its standard input closes.
 */
public final class HoldsTheDatabase {

    private HoldsTheDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection held = DriverManager.getConnection(args[0], "sa", "")) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait until the test lets go
            }
        }
    }

    /** Starts such a process with this JVM's class path and waits until it holds the file. */
    public static Process start(String url) throws java.io.IOException {
        String launcher = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"), HoldsTheDatabase.class.getName(), url)
                .redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (!"open".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the holding process did not open " + url + ": " + line);
        }
        return process;
    }
}
