package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.internal.Html;
import dev.verifykit.mock.internal.Timestamps;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosted verification page at a session's {@code url}: it shows the session and offers the
 * next step and the three outcomes as buttons of one form that POSTs {@code action} back to it.
 */
final class HostedPage {

    private static final String STYLE = "button{margin:.8rem .5rem 0 0;padding:.5rem 1rem}.error{color:#b42318}";

    private HostedPage() {
    }

    static String render(MockKycSession s, String actionUrl, String error) {
        Html.Page page = Html.page("Dokai verification " + s.id(), STYLE).heading("Dokai identity verification (mock)")
                .rows("Session", s.id(), "Status", s.status(),
                        "Document type", s.documentType() == null ? "auto-detect" : s.documentType(),
                        "Document brand", s.documentBrand() == null ? "auto-detect" : s.documentBrand(),
                        "Webhook", s.webhookUrl() == null ? "none" : s.webhookUrl(),
                        "Expires", Timestamps.compact(s.expiresAt()))
                .error(error);
        if (!s.isTerminal()) {
            String step = switch (s.status()) {
                case "pending" -> button("advance", "Upload document");
                case "document_uploaded" -> button("advance", "Take selfie");
                default -> "";
            };
            return page.markup("<form method=\"post\" action=\"" + Html.escape(actionUrl) + "\">" + step + "<br>"
                            + button("verified", "Finish: verified") + button("unverified", "Finish: unverified")
                            + button("failed", "Finish: failed") + "</form>")
                    .note("This is the VerifyKit mock server: the buttons move the session like a person and Dokai's "
                            + "processing would, and a finish sends the webhook.").render();
        }
        if (s.result() == null) {
            return page.note("This session has expired; start a new one.").render();
        }
        MockKycResult r = s.result();
        List<String> rows = new ArrayList<>();
        if (r.faceMatch() != null) {
            rows.addAll(List.of("Face matched", String.valueOf(r.faceMatch().matched()),
                    "Face score", r.faceMatch().score() + " (threshold " + r.faceMatch().threshold() + ")"));
        }
        if (r.liveness() != null) {
            rows.addAll(List.of("Liveness passed", String.valueOf(r.liveness().passed()),
                    "Liveness score", String.valueOf(r.liveness().score())));
        }
        if (r.identity() != null) {
            rows.addAll(List.of("Name", r.identity().name(), "ID number", r.identity().idNumber()));
        }
        return page.markup("<h2>Result</h2>").rows(rows.toArray(String[]::new)).note("You can close this page.").render();
    }

    static String notFound() {
        return Html.notFound("Verification not found", STYLE);
    }

    private static String button(String action, String label) {
        return "<button type=\"submit\" name=\"action\" value=\"" + Html.escape(action) + "\">" + Html.escape(label) + "</button>";
    }
}
