package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether the browser making a request may follow a Dock session: typically, whether the
 * signed-in user (your session cookie) is the one the session was created for. Called before any
 * upstream is opened; a refusal is answered 403. It runs on the container's request thread and may
 * read the request's cookies, headers and attributes, but not its body.
 *
 * <pre>{@code
 * RelayAuthorizer authorizer = (request, sessionId) -> {
 *     HttpSession http = request.getSession(false); // false: no session made for a stranger's request
 *     User user = http == null ? null : (User) http.getAttribute("user");
 *     return user != null && sessionId.equals(user.pendingDockSession());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RelayAuthorizer {
    /**
     * Whether this caller may follow this session.
     *
     * @param request the browser's request
     * @param sessionId the Dock session id taken from the path (already checked to be a plausible id)
     * @return true to relay the session, false to answer 403
     */
    boolean mayWatch(HttpServletRequest request, String sessionId);
}
