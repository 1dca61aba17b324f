package org.counterpart.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.counterpart.identity.CurrentUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Holds every session to its account as it stands now. On each request of a signed-in session the
 * account is read again (one look-up by key): when it is gone or disabled the session ends there and
 * the request goes on as anonymous (the pages send it to the sign-in, the API answers 401); when it
 * was changed since the session's principal was read (its version moved: role, scope, the personal-data
 * permission), the principal is replaced by the account's present state for this request and the
 * session's later ones. So an administrator's change takes effect on the next request of every
 * session of that user, on pages and API alike.
 *
 * <p>Deliberately not a bean (Spring Boot would register a filter bean a second time for every
 * address); each security chain adds its own right after the session's context is read.
 */
class SessionRevalidation extends OncePerRequestFilter {

    private final AccountDetails accounts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionRevalidation(AccountDetails accounts) {
        this.accounts = accounts;
    }

    /** Styles, scripts and icons carry nothing of anyone's: no account is read for them (a page asks for several). */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/") || path.startsWith("/favicon.");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = holder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUser user) {
            Optional<CurrentUser> now = accounts.current(user.id());
            if (now.isEmpty() || !now.get().isEnabled()) {
                end(request);
            } else if (now.get().stamp() != user.stamp()) {
                CurrentUser fresh = now.get();
                SecurityContext context = holder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(fresh, null, fresh.getAuthorities()));
                holder.setContext(context);
                if (request.getSession(false) != null) {
                    sessions.saveContext(context, request, response);
                }
            }
        }
        chain.doFilter(request, response);
    }

    private void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        holder.clearContext();
    }
}
