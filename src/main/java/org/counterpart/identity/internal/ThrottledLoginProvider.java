package org.counterpart.identity.internal;

import org.counterpart.identity.CurrentUser;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Duration;

/**
 * Password sign-in behind the throttle. Every failure, whatever its cause (unknown name, wrong
 * password, disabled account), becomes the same "wrong name or password" so nothing is revealed. The
 * throttle counts by the name and the client address the attempt came from (the request's details, which
 * the form sign-in and HTTP Basic both fill in).
 */
class ThrottledLoginProvider implements AuthenticationProvider {

    /** Thrown while a name is locked; carries the wait so the page can say how long. */
    static final class Throttled extends AuthenticationException {
        final Duration wait;

        Throttled(Duration wait) {
            super("too many failed attempts");
            this.wait = wait;
        }
    }

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledLoginProvider(DaoAuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        String client = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        var wait = throttle.lockedFor(name, client);
        if (wait.isPresent()) {
            throw new Throttled(wait.get());
        }
        try {
            Authentication done = passwords.authenticate(authentication);
            throttle.succeeded(name, client);
            CurrentUser user = ((CurrentUser) done.getPrincipal()).withoutPassword();
            return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        } catch (AuthenticationException e) {
            throttle.failed(name, client);
            throw new BadCredentialsException("bad credentials");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
