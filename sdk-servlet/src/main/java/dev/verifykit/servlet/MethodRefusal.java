package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The 405 of the servlets' unsupported methods, with the {@code Allow} header RFC 9110 requires of
 * it. HttpServlet's defaults answer a method a servlet does not take with a 405 without it (a 400 to
 * HTTP/1.0), offer {@code HEAD} through {@code doGet}, and echo the request's headers to {@code TRACE}.
 */
final class MethodRefusal {
    private MethodRefusal() {}

    /**
     * Whether the request's method is one of {@code allowed}; if not, it is answered 405 with
     * {@code Allow} naming them.
     */
    static boolean allows(HttpServletRequest request, HttpServletResponse response, List<String> allowed)
            throws IOException {
        if (allowed.contains(request.getMethod())) {
            return true;
        }
        response.setHeader("Allow", String.join(", ", allowed));
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        return false;
    }
}
