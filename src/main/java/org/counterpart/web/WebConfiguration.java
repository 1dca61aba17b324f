package org.counterpart.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

import java.util.Locale;

/** Chinese by default; {@code ?lang=en} or the switch in the top bar changes it for the session. */
@Configuration
class WebConfiguration implements WebMvcConfigurer {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    /**
     * Spring Boot adds a filter that offers every link a page builds ({@code @{...}}) to the static-resource
     * chain, so that links to styles could carry a version: each link of a list (hundreds on a page) was looked
     * for in the jar and not found, more than half of a page's time under load (bench/web-load.sh). The pages
     * link to no versioned resource: webjars are asked for without their version and the resource handler
     * finds them when they are requested. The filter is left unregistered.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor noResourceUrlRewriting() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.springframework.boot.web.servlet.FilterRegistrationBean<?> registration
                        && registration.getFilter() instanceof org.springframework.web.servlet.resource.ResourceUrlEncodingFilter) {
                    registration.setEnabled(false);
                }
                return bean;
            }
        };
    }

    @Bean
    LocaleResolver localeResolver() {
        SessionLocaleResolver resolver = new SessionLocaleResolver();
        resolver.setDefaultLocale(CHINESE);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
        registry.addInterceptor(new PageNumbers());
    }
}
