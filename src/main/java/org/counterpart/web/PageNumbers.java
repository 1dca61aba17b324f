package org.counterpart.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Page;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The page number of every list, pages and API alike, checked once before any controller reads it:
 * a whole number from 0 to {@link Page#MAX_PAGE}, or the request is refused with a message (400) —
 * never a number so large that its offset overflows, nor a text that fails deeper down.
 */
final class PageNumbers implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST
                || !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            // a list is paged by GET; a form's "page" is its own business, and the error page of a refusal
            // (the security rules' 403) must not be turned into a 400 by the values of the refused request
            return true;
        }
        String[] values = request.getParameterValues("page");
        if (values == null) {
            return true;
        }
        for (String value : values) {
            if (!valid(value)) {
                throw new InvalidInputException("page", "page.invalid", Page.MAX_PAGE);
            }
        }
        return true;
    }

    private static boolean valid(String value) {
        String number = value.strip();
        if (number.isEmpty()) {
            return true; // an empty field of a form means the first page, as before
        }
        if (number.length() > 9 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(number) <= Page.MAX_PAGE;
    }
}
