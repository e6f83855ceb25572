package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.internal.Html;
import dev.verifykit.mock.internal.Timestamps;

/**
 * The hosted verification page at a session's {@code url}: it shows the session and offers the
 * next step and the three outcomes as buttons of one form that POSTs {@code action} back to it.
 */
final class HostedPage {

    private static final String STYLE = "button{margin:.8rem .5rem 0 0;padding:.5rem 1rem}.error{color:#b42318}";

    private HostedPage() {
    }

    static String render(MockKycSession s, String actionUrl, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Dokai identity verification (mock)</h1>");
        body.append("<dl>")
                .append(Html.row("Session", s.id()))
                .append(Html.row("Status", s.status()))
                .append(Html.row("Document type", s.documentType() == null ? "auto-detect" : s.documentType()))
                .append(Html.row("Document brand", s.documentBrand() == null ? "auto-detect" : s.documentBrand()))
                .append(Html.row("Webhook", s.webhookUrl() == null ? "none" : s.webhookUrl()))
                .append(Html.row("Expires", Timestamps.compact(s.expiresAt())))
                .append("</dl>");
        if (error != null) {
            body.append("<p class=\"error\">").append(Html.escape(error)).append("</p>");
        }
        if (!s.isTerminal()) {
            body.append("<form method=\"post\" action=\"").append(Html.escape(actionUrl)).append("\">");
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
                body.append(Html.row("Face matched", String.valueOf(r.faceMatch().matched())))
                        .append(Html.row("Face score", r.faceMatch().score() + " (threshold " + r.faceMatch().threshold() + ")"));
            }
            if (r.liveness() != null) {
                body.append(Html.row("Liveness passed", String.valueOf(r.liveness().passed())))
                        .append(Html.row("Liveness score", String.valueOf(r.liveness().score())));
            }
            if (r.identity() != null) {
                body.append(Html.row("Name", r.identity().name())).append(Html.row("ID number", r.identity().idNumber()));
            }
            body.append("</dl><p class=\"note\">You can close this page.</p>");
        } else {
            body.append("<p class=\"note\">This session has expired; start a new one.</p>");
        }
        return Html.page("Dokai verification " + s.id(), STYLE, body.toString());
    }

    static String notFound() {
        return Html.page("Verification not found", STYLE, "<h1>Verification not found</h1>"
                + "<p class=\"note\">This verification link is unknown or no longer valid.</p>");
    }

    private static String button(String action, String label) {
        return "<button type=\"submit\" name=\"action\" value=\"" + Html.escape(action) + "\">" + Html.escape(label) + "</button>";
    }



}
