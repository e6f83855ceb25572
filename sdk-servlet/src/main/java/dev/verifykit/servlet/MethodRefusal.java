package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The 405 of the servlets' unsupported methods. */
final class MethodRefusal {
    private MethodRefusal() {}

    /** 405 with {@code Allow: allowed}. */
    static void refuse(HttpServletResponse response, String allowed) throws IOException {
        response.setHeader("Allow", allowed);
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }
}
