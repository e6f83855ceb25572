package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;

/**
 * The hosted verification page at a session's {@code url}: it shows the session and offers the
 * next step and the three outcomes as buttons of one form that POSTs {@code action} back to it.
 */
final class HostedPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;"
            + "gap:.3rem 1rem}dt{color:#59636e}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}"
            + "button{margin:.8rem .5rem 0 0;padding:.5rem 1rem}.note{color:#59636e;font-size:.9rem}"
            + ".error{color:#b42318}";

    private HostedPage() {
    }

    static String render(MockKycSession s, String actionUrl, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Dokai identity verification (mock)</h1>");
        body.append("<dl>")
                .append(row("Session", s.id()))
                .append(row("Status", s.status()))
                .append(row("Document type", s.documentType() == null ? "auto-detect" : s.documentType()))
                .append(row("Document brand", s.documentBrand() == null ? "auto-detect" : s.documentBrand()))
                .append(row("Webhook", s.webhookUrl() == null ? "none" : s.webhookUrl()))
                .append(row("Expires", KycJson.timestamp(s.expiresAt())))
                .append("</dl>");
        if (error != null) {
            body.append("<p class=\"error\">").append(escape(error)).append("</p>");
        }
        if (!s.isTerminal()) {
            body.append("<form method=\"post\" action=\"").append(escape(actionUrl)).append("\">");
            if (s.status().equals("pending")) {
                body.append(button("advance", "Upload document"));
            } else if (s.status().equals("document_uploaded")) {
                body.append(button("advance", "Take selfie"));
            }
            body.append("<br>")
                    .append(button("verified", "Finish: verified"))
                    .append(button("unverified", "Finish: unverified"))
                    .append(button("failed", "Finish: failed"))
                    .append("</form><p class=\"note\">This is the VerifyKit mock server: the buttons move the "
                            + "session like a person and Dokai's processing would, and a finish sends the webhook.</p>");
        } else if (s.result() != null) {
            MockKycResult r = s.result();
            body.append("<h2>Result</h2><dl>");
            if (r.faceMatch() != null) {
                body.append(row("Face matched", String.valueOf(r.faceMatch().matched())))
                        .append(row("Face score", r.faceMatch().score() + " (threshold " + r.faceMatch().threshold() + ")"));
            }
            if (r.liveness() != null) {
                body.append(row("Liveness passed", String.valueOf(r.liveness().passed())))
                        .append(row("Liveness score", String.valueOf(r.liveness().score())));
            }
            if (r.identity() != null) {
                body.append(row("Name", r.identity().name())).append(row("ID number", r.identity().idNumber()));
            }
            body.append("</dl><p class=\"note\">You can close this page.</p>");
        } else {
            body.append("<p class=\"note\">This session has expired; start a new one.</p>");
        }
        return page("Dokai verification " + s.id(), body.toString());
    }

    static String notFound() {
        return page("Verification not found", "<h1>Verification not found</h1>"
                + "<p class=\"note\">This verification link is unknown or no longer valid.</p>");
    }

    private static String button(String action, String label) {
        return "<button type=\"submit\" name=\"action\" value=\"" + escape(action) + "\">" + escape(label) + "</button>";
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
