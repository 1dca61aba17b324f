package org.counterpart.web;

import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** Tells the person who started the server where it is and, with the demo loaded, how to sign in. */
@Component
class StartupBanner {

    private final UserAdministration users;
    private final String demoPassword;

    StartupBanner(UserAdministration users, @Value("${counterpart.demo.password:}") String demoPassword) {
        this.users = users;
        this.demoPassword = demoPassword;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\n  Counterpart is running at http://localhost:").append(web.getWebServer().getPort()).append("/\n");
        List<UserView> demo = users.demoAccounts();
        if (!demo.isEmpty()) {
            sb.append("  Demo accounts (password ").append(demoPassword).append("):\n");
            for (UserView u : demo) {
                sb.append(String.format("    %-20s %-14s %s%n", u.username(), u.role().name().toLowerCase(), u.displayName()));
            }
        }
        sb.append("  Stop with Ctrl+C.\n");
        System.out.println(sb);
    }
}
