package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Timestamps;

/** The HTML page at a session's {@code verifyUrl}, where a person completes it in a browser. */
final class VerifyPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;"
            + "gap:.3rem 1rem}dt{color:#59636e}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}"
            + "label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;font-family:ui-monospace,monospace}"
            + "button{margin-top:1rem;padding:.5rem 1.2rem}.note{color:#59636e;font-size:.9rem}"
            + ".error{color:#b42318}";

    private VerifyPage() {
    }

    static String render(MockDockSession s, String actionUrl, String discordId, String robloxId, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Dock verification (mock)</h1>");
        body.append("<dl>")
                .append(row("Session", s.id()))
                .append(row("Client", s.clientId()))
                .append(row("Status", s.status()))
                .append(row("Expires", Timestamps.format(s.expiresAt())))
                .append("</dl>");
        if (error != null) {
            body.append("<p class=\"error\">").append(escape(error)).append("</p>");
        }
        if (s.isPending()) {
            body.append("<form method=\"post\" action=\"").append(escape(actionUrl)).append("\">")
                    .append("<label for=\"discordId\">Discord user id</label>")
                    .append("<input id=\"discordId\" name=\"discordId\" inputmode=\"numeric\" value=\"")
                    .append(escape(discordId)).append("\">")
                    .append("<label for=\"robloxId\">Roblox user id</label>")
                    .append("<input id=\"robloxId\" name=\"robloxId\" inputmode=\"numeric\" value=\"")
                    .append(escape(robloxId)).append("\">")
                    .append("<button type=\"submit\">Link and complete</button></form>")
                    .append("<p class=\"note\">This is the VerifyKit mock server: submitting links the two ids "
                            + "in this pid's dataset and completes the session.</p>");
        } else if (s.discordId() != null) {
            body.append("<h2>Result</h2><dl>")
                    .append(row("Discord id", s.discordId()))
                    .append(row("Roblox id", s.robloxId()))
                    .append(row("Link version", String.valueOf(s.linkVersion())))
                    .append(row("Link changed", String.valueOf(s.linkChanged())))
                    .append(s.previousRobloxId() == null ? "" : row("Previous Roblox id", s.previousRobloxId()))
                    .append("</dl><p class=\"note\">You can close this page.</p>");
        } else {
            body.append("<p class=\"note\">This session has ended; start a new one.</p>");
        }
        return page("Dock verification " + s.id(), body.toString());
    }

    static String notFound() {
        return page("Session not found", "<h1>Session not found</h1>"
                + "<p class=\"note\">This verification link is unknown or no longer valid.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>"
                + body + "</body></html>";
    }

    private static String row(String name, String value) {
        return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
