package org.counterpart.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.counterpart.identity.UserAdministration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

import java.io.IOException;
import java.util.Locale;

/**
 * Who may reach which address (only when serving the web: command-line tasks have no HTTP). Pages and data need a signed-in user; administration and all of
 * Actuator but health need an administrator; scope is checked again by each module's services.
 */
@Configuration
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {

    /** The roles that may change anything at all (each service still checks what and where). */
    private static final String[] WRITERS = java.util.Arrays.stream(Role.values()).filter(r -> !r.onlyReads())
            .map(Role::name).toArray(String[]::new);

    @Bean
    SecurityFilterChain web(HttpSecurity http, JdbcClient jdbc, PasswordEncoder encoder,
                            LoginThrottle throttle, UserAdministration users) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new AccountDetails(jdbc));
        passwords.setPasswordEncoder(encoder);
        // the only way to sign in: no parent manager that could check a password past the throttle
        http.authenticationManager(new ProviderManager(new ThrottledLoginProvider(passwords, throttle)))
                // every request of a session sees the account as it stands now (disabled: signed out)
                .addFilterAfter(new SessionRevalidation(new AccountDetails(jdbc)), SecurityContextHolderFilter.class)
                // a new session id at sign-in, so an id planted before it is worth nothing after
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/favicon.svg", "/error",
                                "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**", "/admin/**").hasRole("ADMINISTRATOR")
                        // who may send which form at all, decided before any field is bound or checked, so that
                        // invalid data from someone refused is refused (403), not explained; the services check
                        // again, and check where
                        .requestMatchers(HttpMethod.POST, "/registry/lines", "/registry/monitoring/rules").hasRole("ADMINISTRATOR")
                        .requestMatchers(HttpMethod.POST, "/institutions/**", "/pairings/**", "/registry/monitoring/recompute")
                        .hasAnyRole("ADMINISTRATOR", "COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/registry/duplicates/**").hasAnyRole("ADMINISTRATOR", "COORDINATOR", "REVIEWER")
                        // revealing a number is a read (for holders of the permission, checked by the registry)
                        .requestMatchers(HttpMethod.POST, "/registry/households/*/members/*/reveal").access((auth, context) ->
                                new AuthorizationDecision(auth.get().getPrincipal() instanceof CurrentUser user && user.canViewPersonalData()))
                        // readers change nothing: their writes are refused before any form is read or checked
                        // a record's beneficiaries are searched and exported by a form post (an ID number never in an address): a read
                        .requestMatchers(org.springframework.security.web.util.matcher.RegexRequestMatcher.regexMatcher(HttpMethod.POST,
                                "/ledgers/[a-z0-9-]+/[0-9]+(/beneficiaries\\.xlsx)?(\\?.*)?")).authenticated()
                        .requestMatchers(HttpMethod.POST, "/**").hasAnyRole(WRITERS)
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login")
                        .successHandler(rememberLanguage(users))
                        .failureHandler(loginFailed()))
                .logout(l -> l.invalidateHttpSession(true).clearAuthentication(true).deleteCookies("JSESSIONID")
                        .logoutSuccessHandler((request, response, auth) -> {
                    // the session and its language are gone: the login page takes the user's own
                    String lang = auth != null && auth.getPrincipal() instanceof CurrentUser user
                            ? users.locale(user.id()).orElse("zh-CN") : "zh-CN";
                    redirect(request, response, "/login?logout" + ("en".equals(lang) ? "&lang=en" : ""));
                }))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"))
                        // addresses of the pages (which carry ids and filters) stay on this site
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** After sign-in, the pages speak the language the user chose last time. */
    private static AuthenticationSuccessHandler rememberLanguage(UserAdministration users) {
        SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
        return (HttpServletRequest request, HttpServletResponse response, Authentication auth) -> {
            if (auth.getPrincipal() instanceof CurrentUser user) {
                users.locale(user.id()).ifPresent(tag -> request.getSession().setAttribute(
                        SessionLocaleResolver.LOCALE_SESSION_ATTRIBUTE_NAME, Locale.forLanguageTag(tag)));
            }
            next.onAuthenticationSuccess(request, response, auth);
        };
    }

    private static AuthenticationFailureHandler loginFailed() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException e) -> {
            String target = "/login?error";
            if (e instanceof ThrottledLoginProvider.Throttled t) {
                target = "/login?locked=" + Math.max(1, (t.wait.toSeconds() + 59) / 60);
            }
            redirect(request, response, target);
        };
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String target) throws IOException {
        response.sendRedirect(request.getContextPath() + target);
    }
}
