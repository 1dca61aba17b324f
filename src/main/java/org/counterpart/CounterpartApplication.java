package org.counterpart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Starts Counterpart: the web application by default, or one of the command-line tasks. */
// accounts live in the database; Boot's generated in-memory user must never exist
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class CounterpartApplication {

    public static void main(String[] args) {
        int status = new CommandLine(CounterpartApplication.class).run(args);
        if (status >= 0) {
            System.exit(status);
        }
    }
}
