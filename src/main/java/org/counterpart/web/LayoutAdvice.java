package org.counterpart.web;

import jakarta.servlet.http.HttpServletRequest;
import org.counterpart.cooperation.Institutions;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Optional;

/** What the frame of every page needs: who is signed in, their scope in words, where the page is. */
@ControllerAdvice
class LayoutAdvice {

    private final Regions regions;
    private final Institutions institutions;
    private final MessageSource messages;
    private final UploadLimit uploadLimit;
    private final org.counterpart.cooperation.LedgerCatalog ledgers;

    LayoutAdvice(Regions regions, Institutions institutions, MessageSource messages, UploadLimit uploadLimit,
                 org.counterpart.cooperation.LedgerCatalog ledgers) {
        this.ledgers = ledgers;
        this.regions = regions;
        this.institutions = institutions;
        this.messages = messages;
        this.uploadLimit = uploadLimit;
    }

    /** The same attributes for pages built outside the usual handler flow (error pages). */
    void fill(org.springframework.web.servlet.ModelAndView mav, HttpServletRequest request) {
        mav.addObject("me", me());
        mav.addObject("scopeLabel", scopeLabel());
        mav.addObject("currentPath", currentPath(request));
        mav.addObject("uploadLimit", uploadLimit);
    }

    @ModelAttribute("uploadLimit")
    UploadLimit uploadLimit() {
        return uploadLimit;
    }

    @ModelAttribute("me")
    CurrentUser me() {
        return CurrentUser.get().orElse(null);
    }

    @ModelAttribute("scopeLabel")
    String scopeLabel() {
        return CurrentUser.get().map(u -> describe(u.scope())).orElse("");
    }

    /** The current address without the language parameter, for the language switch to come back to. */
    @ModelAttribute("allLedgers")
    java.util.List<org.counterpart.cooperation.Ledger> allLedgers() {
        return ledgers.all();
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        String query = Optional.ofNullable(request.getQueryString()).orElse("")
                .replaceAll("(^|&)lang=[^&]*", "").replaceFirst("^&", "");
        return request.getRequestURI().substring(request.getContextPath().length()) + (query.isEmpty() ? "" : "?" + query);
    }

    String describe(Scope scope) {
        if (scope.region().isPresent()) {
            return scope.isNation()
                    ? messages.getMessage("scope.nation", null, "全国", LocaleContextHolder.getLocale())
                    : regions.fullName(scope.region().get());
        }
        long id = scope.institutionId().orElseThrow();
        return institutions.nameOf(id).orElse("#" + id);
    }
}
