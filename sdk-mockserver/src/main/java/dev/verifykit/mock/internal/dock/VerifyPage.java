package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Html;
import dev.verifykit.mock.internal.Timestamps;

/** The HTML page at a session's {@code verifyUrl}, where a person completes it in a browser. */
final class VerifyPage {

    private static final String STYLE = "label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;font-family:ui-monospace,monospace}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b42318}";

    private VerifyPage() {
    }

    static String render(MockDockSession s, String actionUrl, String discordId, String robloxId, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Dock verification (mock)</h1>");
        body.append("<dl>")
                .append(Html.row("Session", s.id()))
                .append(Html.row("Client", s.clientId()))
                .append(Html.row("Status", s.status()))
                .append(Html.row("Expires", Timestamps.format(s.expiresAt())))
                .append("</dl>");
        if (error != null) {
            body.append("<p class=\"error\">").append(Html.escape(error)).append("</p>");
        }
        if (s.isPending()) {
            body.append("<form method=\"post\" action=\"").append(Html.escape(actionUrl)).append("\">")
                    .append("<label for=\"discordId\">Discord user id</label>")
                    .append("<input id=\"discordId\" name=\"discordId\" inputmode=\"numeric\" value=\"")
                    .append(Html.escape(discordId)).append("\">")
                    .append("<label for=\"robloxId\">Roblox user id</label>")
                    .append("<input id=\"robloxId\" name=\"robloxId\" inputmode=\"numeric\" value=\"")
                    .append(Html.escape(robloxId)).append("\">")
                    .append("<button type=\"submit\">Link and complete</button></form>")
                    .append("<p class=\"note\">This is the VerifyKit mock server: submitting links the two ids "
                            + "in this pid's dataset and completes the session.</p>");
        } else if (s.discordId() != null) {
            body.append("<h2>Result</h2><dl>")
                    .append(Html.row("Discord id", s.discordId()))
                    .append(Html.row("Roblox id", s.robloxId()))
                    .append(Html.row("Link version", String.valueOf(s.linkVersion())))
                    .append(Html.row("Link changed", String.valueOf(s.linkChanged())))
                    .append(s.previousRobloxId() == null ? "" : Html.row("Previous Roblox id", s.previousRobloxId()))
                    .append("</dl><p class=\"note\">You can close this page.</p>");
        } else {
            body.append("<p class=\"note\">This session has ended; start a new one.</p>");
        }
        return Html.page("Dock verification " + s.id(), STYLE, body.toString());
    }

    static String notFound() {
        return Html.page("Session not found", STYLE, "<h1>Session not found</h1>"
                + "<p class=\"note\">This verification link is unknown or no longer valid.</p>");
    }



}
