package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Html;
import dev.verifykit.mock.internal.Timestamps;
import java.util.ArrayList;
import java.util.List;

/** The HTML page at a session's {@code verifyUrl}, where a person completes it in a browser. */
final class VerifyPage {

    private static final String STYLE = "label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;font-family:ui-monospace,monospace}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b42318}";

    private VerifyPage() {
    }

    static String render(MockDockSession s, String actionUrl, String discordId, String robloxId, String error) {
        Html.Page page = Html.page("Dock verification " + s.id(), STYLE).heading("Dock verification (mock)")
                .rows("Session", s.id(), "Client", s.clientId(), "Status", s.status(),
                        "Expires", Timestamps.format(s.expiresAt()))
                .error(error);
        if (s.isPending()) {
            return page.markup("<form method=\"post\" action=\"" + Html.escape(actionUrl) + "\">"
                            + "<label for=\"discordId\">Discord user id</label>"
                            + "<input id=\"discordId\" name=\"discordId\" inputmode=\"numeric\" value=\""
                            + Html.escape(discordId) + "\">"
                            + "<label for=\"robloxId\">Roblox user id</label>"
                            + "<input id=\"robloxId\" name=\"robloxId\" inputmode=\"numeric\" value=\""
                            + Html.escape(robloxId) + "\">"
                            + "<button type=\"submit\">Link and complete</button></form>")
                    .note("This is the VerifyKit mock server: submitting links the two ids in this pid's dataset "
                            + "and completes the session.").render();
        }
        if (s.discordId() == null) {
            return page.note("This session has ended; start a new one.").render();
        }
        List<String> result = new ArrayList<>(List.of("Discord id", s.discordId(), "Roblox id", s.robloxId(),
                "Link version", String.valueOf(s.linkVersion()), "Link changed", String.valueOf(s.linkChanged())));
        if (s.previousRobloxId() != null) {
            result.addAll(List.of("Previous Roblox id", s.previousRobloxId()));
        }
        return page.markup("<h2>Result</h2>").rows(result.toArray(String[]::new)).note("You can close this page.").render();
    }

    static String notFound() {
        return Html.notFound("Session not found", STYLE);
    }
}
