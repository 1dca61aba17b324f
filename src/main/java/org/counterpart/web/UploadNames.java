package org.counterpart.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The NUL character, refused before anything reads a request: an upload whose file name holds one
 * (the servlet container refuses to parse it, and that used to fail inside the security filters with
 * a 500), and any parameter value of a form, a query or a multipart field holding one (PostgreSQL
 * cannot store or even compare such text, so it failed with a 500 wherever it reached SQL). This
 * filter runs before every other one, sign-in included, and answers 400 with a page (JSON under
 * {@code /api/}) saying why. Every other file name reaches the controllers, where
 * {@code shared.Uploads.displayName} cleans it.
 */
@Configuration
class UploadNames {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> uploadNameFilter(MessageSource messages, LocaleResolver locales) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                java.util.Map<String, String[]> parameters;
                try {
                    parameters = request.getParameterMap();
                } catch (InvalidFileNameException e) {
                    refuse(request, response, messages, locales, "upload.fileName.control");
                    return;
                }
                for (String[] values : parameters.values()) {
                    for (String value : values) {
                        if (value != null && value.indexOf('\u0000') >= 0) {
                            refuse(request, response, messages, locales, "request.nul");
                            return;
                        }
                    }
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, MessageSource messages,
                               LocaleResolver locales, String key) throws IOException {
        Locale locale = locales.resolveLocale(request);
        response.setStatus(400);
        // answered before the security filters, so with the headers they would have sent
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        if (request.getRequestURI().startsWith("/api/")) {
            response.setContentType("application/json;charset=UTF-8");
            String message = messages.getMessage(key, null, locale).replace("\\", "\\\\").replace("\"", "\\\"");
            response.getOutputStream().write(("{\"status\":400,\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title.400", null, "400", locale));
        String reason = HtmlUtils.htmlEscape(messages.getMessage(key, null, locale));
        String home = HtmlUtils.htmlEscape(messages.getMessage("error.home", null, "/", locale));
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + title + "</title></head><body><main><h1>400 " + title + "</h1><p role=\"alert\">" + reason
                + "</p><p><a href=\"/\">" + home + "</a></p></main></body></html>").getBytes(StandardCharsets.UTF_8));
    }
}
