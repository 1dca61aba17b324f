package org.counterpart.web;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.counterpart.shared.NotFoundException;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The description of the JSON API for integrators: {@code /v3/api-docs} (and the group
 * {@code /v3/api-docs/counterpart}) as OpenAPI, {@code /swagger-ui} to try it. Only {@code /api/**} is
 * described; the pages are for people. Reading either needs a signed-in user, like every other page.
 */
@Configuration
class ApiDocumentation {

    static final String GROUP = "counterpart";

    @Bean
    GroupedOpenApi counterpartApi() {
        return GroupedOpenApi.builder().group(GROUP).displayName("Counterpart API").pathsToMatch("/api/**").build();
    }

    @Bean
    OpenAPI counterpartOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Counterpart API").version("1")
                        .description("""
                                Read-only JSON over the data of the cooperation: places, institutions, pairings and the \
                                registry of poor households. Every answer is limited to the caller's scope, exactly as the \
                                pages are. Sign in through /login (the session cookie) or send HTTP Basic with the same account. \
                                Money is a string with two decimals ("3218.50"), dates are ISO 8601, ID and phone numbers are \
                                masked. Errors are {status, error, message}: 400 bad parameter, 401 not signed in, 403 outside \
                                the caller's scope, 404 no such record."""))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("JSESSIONID")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }

    /** The ungrouped document describes the API too, not the pages' handlers. */
    @Bean
    GlobalOpenApiCustomizer onlyTheApi() {
        return openApi -> {
            if (openApi.getPaths() != null) {
                openApi.getPaths().keySet().removeIf(path -> !path.startsWith("/api/"));
            }
        };
    }

    /** {@code /swagger-ui} as the design names it; springdoc serves the page itself under /swagger-ui/. */
    @Controller
    @Hidden
    static class SwaggerUiAddress {
        @GetMapping({"/swagger-ui", "/swagger-ui/"})
        String swaggerUi() {
            return "redirect:/swagger-ui/index.html";
        }
    }

    /**
     * Addresses under /api that name nothing: 404 (405 for anything but reading) as JSON through
     * {@link ApiErrors}, instead of the pages' HTML error page. More specific mappings always win.
     */
    @RestController
    @Hidden
    static class ApiFallback {
        @RequestMapping("/api/**")
        Object none(HttpServletRequest request) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                throw new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED, "The API is read-only: use GET.");
            }
            throw new NotFoundException(request.getRequestURI());
        }
    }
}
