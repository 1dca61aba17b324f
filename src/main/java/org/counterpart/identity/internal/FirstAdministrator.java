package org.counterpart.identity.internal;

import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/**
 * A database without any account (the demo switched off) would be a locked door: the first start
 * creates one administrator with a random password, printed once on the terminal and never logged.
 * Runs after the demo scenario, which brings its own accounts.
 */
@Component
@Order(100)
class FirstAdministrator implements ApplicationRunner {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserAdministration users;

    FirstAdministrator(UserAdministration users) {
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        // loading at start is the system's own work, not a call with nobody behind it
        org.counterpart.identity.CurrentUser.runAsSystem(() -> load(args));
    }

    private void load(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        users.createFirstAdministrator(new UserForm("admin", "系统管理员 Administrator", Role.ADMINISTRATOR, "0", null,
                "zh-CN", true, password.toString(), 0, true));
        System.out.println("\n  No accounts existed: created administrator 'admin' with the password " + password
                + "\n  Sign in and change it under Administration › Users.\n");
    }
}
