package org.counterpart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts Counterpart: the web application by default, or one of the command-line tasks. */
@SpringBootApplication
public class CounterpartApplication {

    public static void main(String[] args) {
        int status = new CommandLine(CounterpartApplication.class).run(args);
        if (status >= 0) {
            System.exit(status);
        }
    }
}
