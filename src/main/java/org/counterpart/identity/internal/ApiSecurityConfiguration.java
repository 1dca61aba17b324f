package org.counterpart.identity.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Who may reach the JSON API under {@code /api/**}: the same accounts as the pages, either through the
 * session a browser got at {@code /login} or, for programs, HTTP Basic on each request. Both go through
 * the one throttled provider, so Basic is no way around the lock-out. A request without a user answers
 * 401 with a JSON body (never a redirect to the login page), a refused one 403 — what a program can act on.
 * Basic sign-ins are not kept in a session: a program that does not keep cookies leaves nothing behind.
 *
 * <p>This chain comes before the pages' chain ({@link SecurityConfiguration}), which keeps every other
 * address, the API's documentation ({@code /v3/api-docs}, {@code /swagger-ui}) included.
 */
@Configuration
@ConditionalOnWebApplication
class ApiSecurityConfiguration {

    static final String REALM = "Counterpart";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain api(HttpSecurity http, JdbcClient jdbc, PasswordEncoder encoder, LoginThrottle throttle) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new AccountDetails(jdbc));
        passwords.setPasswordEncoder(encoder);
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            write(response, 401, "Unauthorized", e instanceof ThrottledLoginProvider.Throttled
                    ? "Too many failed sign-ins for this name; try again later."
                    : "Sign in first: a session from /login, or HTTP Basic with the same account.");
        };
        AccessDeniedHandler refused = (request, response, e) ->
                write(response, 403, "Forbidden", "Refused: not allowed for this account (the API only reads; a change would also need a CSRF token).");
        http.securityMatcher("/api/**")
                // the only way to check a password, as for the pages: the throttled provider, no parent manager
                .authenticationManager(new ProviderManager(new ThrottledLoginProvider(passwords, throttle)))
                // a page session used by the API is held to the account as it stands now, as on the pages
                .addFilterAfter(new SessionRevalidation(new AccountDetails(jdbc)), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.realmName(REALM)
                        .authenticationEntryPoint(unauthorized)
                        .securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(refused))
                // an API call is not a page to come back to after signing in
                .requestCache(c -> c.disable())
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** The API's error body, {status, error, message}, as ApiErrors writes it for the controllers. */
    static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
