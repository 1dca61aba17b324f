package org.counterpart.web;

import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Arrays;
import java.util.UUID;

/**
 * Failures of the JSON API as JSON: {@code {status, error, message}} with 400 for a bad parameter, 403
 * for a record outside the caller's scope, 404 for one that does not exist, 409 for a conflict, and 500
 * with a short reference (the log carries it next to the detail) — never a stack trace, never a page.
 * It applies to {@code @RestController}s only (the API controllers and the documentation's), and it
 * comes before {@link ErrorPages}, which keeps answering the pages with pages.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    /** The body of every API error. */
    record ApiError(int status, String error, String message) {
    }

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final int MAX_ECHO = 60;

    private final MessageSource messages;

    ApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(AccessDeniedException.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    ResponseEntity<ApiError> refused(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "Refused: the record lies outside your scope or needs a permission you do not have.");
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "Not found: " + e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ResponseEntity<ApiError> invalid(InvalidInputException e) {
        String reason = messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), LocaleContextHolder.getLocale());
        return error(HttpStatus.BAD_REQUEST, e.field() + ": " + reason);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "" : type.isEnum()
                ? " (one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList()) + ")"
                : " (" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + " expected)";
        return error(HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has a bad value '" + echo(e.getValue()) + "'" + expected);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ResponseEntity<ApiError> missing(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "Parameter '" + e.getParameterName() + "' is required");
    }

    /** A group of the API's description that does not exist: nothing there, not a failure. */
    @ExceptionHandler(org.springdoc.api.OpenApiResourceNotFoundException.class)
    ResponseEntity<ApiError> noSuchDescription(org.springdoc.api.OpenApiResourceNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "Not found: no such group of the API's description.");
    }

    @ExceptionHandler(ConcurrentEditException.class)
    ResponseEntity<ApiError> conflict(ConcurrentEditException e) {
        return error(HttpStatus.CONFLICT, "Changed by someone else in the meantime.");
    }

    /**
     * Anything else. Spring's own refusals (ResponseStatusException, an unsupported method, a failed
     * binding or validation…) keep their 4xx status; the rest is a 500 with a reference.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> other(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            HttpStatusCode status = response.getStatusCode();
            String detail = response.getBody().getDetail();
            return error(status, detail == null || detail.isBlank() ? reasonPhrase(status) : detail);
        }
        if (e instanceof org.springframework.validation.BindException) {
            return error(HttpStatus.BAD_REQUEST, "Bad parameters.");
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected failure in the API, reference {}", reference, e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected failure; reference " + reference + ".");
    }

    private static ResponseEntity<ApiError> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), reasonPhrase(status), message));
    }

    private static String reasonPhrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? String.valueOf(status.value()) : known.getReasonPhrase();
    }

    /** A piece of what the caller sent, short enough not to turn the answer into a mirror. */
    private static String echo(Object value) {
        String s = String.valueOf(value);
        return s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "…" : s;
    }
}
