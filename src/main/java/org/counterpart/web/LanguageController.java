package org.counterpart.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.UserAdministration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

import java.util.Locale;

/** Switches the language of the pages and remembers the choice for the user's next sign-in. */
@Controller
class LanguageController {

    private final LocaleResolver resolver;
    private final UserAdministration users;

    LanguageController(LocaleResolver resolver, UserAdministration users) {
        this.resolver = resolver;
        this.users = users;
    }

    @GetMapping("/language")
    String switchTo(@RequestParam String to, @RequestParam(defaultValue = "/") String back,
                    HttpServletRequest request, HttpServletResponse response) {
        String tag = "en".equals(to) ? "en" : "zh-CN";
        resolver.setLocale(request, response, Locale.forLanguageTag(tag));
        CurrentUser.get().ifPresent(u -> users.rememberLocale(u.id(), tag));
        // only addresses of this site: an open redirect would let a link send users anywhere
        boolean local = back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") && !back.contains("\r") && !back.contains("\n");
        return "redirect:" + (local ? back : "/");
    }
}
