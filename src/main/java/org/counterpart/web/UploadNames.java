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
 * An upload whose file name the servlet container itself refuses to parse (a NUL byte in it) used to
 * fail inside the security filters with a 500. The form's parts are read here first, before any
 * other filter asks for a parameter, and such an upload is answered 400 with a page that says why.
 * Every other name reaches the controllers, where {@code shared.Uploads.displayName} cleans it.
 */
@Configuration
class UploadNames {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> uploadNameFilter(MessageSource messages, LocaleResolver locales) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String type = request.getContentType();
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                    try {
                        request.getParameterMap();
                    } catch (InvalidFileNameException e) {
                        refuse(request, response, messages, locales);
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, MessageSource messages,
                               LocaleResolver locales) throws IOException {
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title.400", null, "400", locale));
        String reason = HtmlUtils.htmlEscape(messages.getMessage("upload.fileName.control", null, locale));
        String home = HtmlUtils.htmlEscape(messages.getMessage("error.home", null, "/", locale));
        response.setStatus(400);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + title + "</title></head><body><main><h1>400 " + title + "</h1><p role=\"alert\">" + reason
                + "</p><p><a href=\"/\">" + home + "</a></p></main></body></html>").getBytes(StandardCharsets.UTF_8));
    }
}
