package org.counterpart.shared;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of {@code ./counterpart}, contributed by the module it belongs to: each implementation is
 * listed in {@code META-INF/services/org.counterpart.shared.Command} and found with
 * {@link java.util.ServiceLoader}, because the command line must know its commands before any
 * application context exists ({@code --help} starts none, {@code demo reset} deletes the database
 * first). A command runs as the system itself, with no user signed in.
 */
public interface Command {

    int OK = 0;
    /** The work ran and found something wrong (a broken audit chain, refused rows). */
    int FAILED = 1;
    /** The command was called wrongly; nothing was done. */
    int USAGE = 2;

    /** The words that select the command, e.g. <i>import households</i>. */
    String name();

    /** Its part of {@code --help}: the synopsis and what it does, each line indented by two spaces. */
    String usage();

    /** Whether the arguments after the name are enough to run at all; when not, it is an unknown command. */
    default boolean accepts(List<String> args) {
        return true;
    }

    /** Runs with the arguments after the name; the answer is the exit code. */
    int run(List<String> args, Context context, PrintStream out, PrintStream err);

    /** What a command may ask of the command line. */
    interface Context {

        /** A service of the application, started without the web server on first use and closed after the command. */
        <T> T bean(Class<T> type);

        /** The whole {@code --help} text, for a command that refuses its arguments. */
        String usage();

        /**
         * The application's settings (its properties, the environment's variables, system properties)
         * without starting it: for a command that must not run the application's start on the database,
         * as a backup beside a running server or a restore into an empty database.
         */
        default org.springframework.core.env.Environment settings() {
            org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
            org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.applyTo(environment);
            return environment;
        }
    }
}
