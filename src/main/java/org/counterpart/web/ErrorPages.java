package org.counterpart.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.UUID;

/**
 * Turns failures into pages a person can act on: refused (403), not found (404), bad input (400),
 * changed by someone else (409), and for anything unexpected a 500 page with a reference that the
 * log carries next to the full detail. No stack trace ever reaches the browser.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final MessageSource messages;
    private final LayoutAdvice layout;

    private final UploadLimit uploadLimit;

    ErrorPages(MessageSource messages, LayoutAdvice layout, UploadLimit uploadLimit) {
        this.messages = messages;
        this.layout = layout;
        this.uploadLimit = uploadLimit;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView refused(AccessDeniedException e, HttpServletResponse response) {
        return page(response, 403, null);
    }

    @ExceptionHandler({NotFoundException.class, NoResourceFoundException.class})
    ModelAndView notFound(Exception e, HttpServletResponse response) {
        return page(response, 404, null);
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletResponse response) {
        String reason = messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), LocaleContextHolder.getLocale());
        return page(response, 400, reason);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            org.springframework.validation.BindException.class,
            // a form that must carry a file posted without one, or not as a multipart form at all
            org.springframework.web.multipart.support.MissingServletRequestPartException.class,
            org.springframework.web.multipart.MultipartException.class})
    ModelAndView badRequest(Exception e, HttpServletResponse response) {
        return page(response, 400, null);
    }

    /** A form's address opened by hand, or a link followed to an action: not a failure of the system. */
    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ModelAndView wrongMethod(Exception e, HttpServletResponse response) {
        return page(response, 405, null);
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(Exception e, HttpServletResponse response) {
        return page(response, 413, messages.getMessage("error.413", new Object[]{uploadLimit.label()}, LocaleContextHolder.getLocale()));
    }

    @ExceptionHandler(ConcurrentEditException.class)
    ModelAndView conflict(ConcurrentEditException e, HttpServletResponse response) {
        return page(response, 409, null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletResponse response) {
        if (uploadTooLarge(e)) {
            // the server refused the upload while reading the form, before any controller saw it
            return tooLarge(e, response);
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected failure, reference {}", reference, e);
        ModelAndView mav = page(response, 500, null);
        mav.addObject("reference", reference);
        return mav;
    }

    /** Whether the failure is the server refusing an upload over the configured size, however it was wrapped. */
    static boolean uploadTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.web.multipart.MaxUploadSizeExceededException
                    || t.getClass().getName().endsWith("SizeLimitExceededException")) {
                return true;
            }
        }
        return false;
    }

    private ModelAndView page(HttpServletResponse response, int status, String reason) {
        response.setStatus(status);
        ModelAndView mav = new ModelAndView("error");
        var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet) {
            layout.fill(mav, servlet.getRequest());
        }
        mav.addObject("status", status);
        mav.addObject("reason", reason);
        return mav;
    }
}
