package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VerifyPageTest {

    private final MockServer server = MockServer.start();
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private String verifyUrl(String clientIdJson) {
        return (String) http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":" + clientIdJson + "}")
                .data().get("verifyUrl");
    }

    @Test
    void pageShowsTheSessionAndAFormPrefilledWithGeneratedIds() {
        String url = verifyUrl("\"user_42\"");

        Answer page = Http.send(new Request.Builder().url(url).build());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String sid = url.substring(url.indexOf("sid=") + 4);
        assertThat(page.body()).contains(sid, "user_42", "pending", "<form method=\"post\"")
                .containsPattern("name=\"discordId\"[^>]*value=\"[1-9][0-9]{17}\"")
                .containsPattern("name=\"robloxId\"[^>]*value=\"[0-9]+\"");
    }

    @Test
    void submittingTheFormCompletesTheSessionAndShowsTheResult() {
        String url = verifyUrl("\"form\"");
        String sid = url.substring(url.indexOf("sid=") + 4);

        Answer result = Http.send(new Request.Builder().url(url)
                .post(new FormBody.Builder().add("discordId", "123456789012345678").add("robloxId", "156319135").build())
                .build());

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).contains("completed", "123456789012345678", "156319135").doesNotContain("<form");
        MockDockSession session = server.dock().session(sid).orElseThrow();
        assertThat(session.status()).isEqualTo("completed");
        assertThat(session.robloxId()).isEqualTo("156319135");

        Answer again = Http.send(new Request.Builder().url(url)
                .post(new FormBody.Builder().add("discordId", "123456789012345678").add("robloxId", "1").build())
                .build());
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void invalidIdsAreShownAsAnErrorWithoutCompleting() {
        String url = verifyUrl("\"bad\"");
        String sid = url.substring(url.indexOf("sid=") + 4);

        Answer page = Http.send(new Request.Builder().url(url)
                .post(new FormBody.Builder().add("discordId", "<b>12</b>").add("robloxId", "x").build()).build());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("&lt;b&gt;12&lt;/b&gt;").doesNotContain("<b>12</b>");
        assertThat(server.dock().session(sid).orElseThrow().status()).isEqualTo("pending");
    }

    @Test
    void everythingEchoedIsEscaped() {
        String url = verifyUrl("\"<script>alert('x')</script>&\\\"\"");

        String body = Http.send(new Request.Builder().url(url).build()).body();

        assertThat(body).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    void unknownSessionOrWrongPidIsA404Page() {
        String url = verifyUrl("\"p\"");

        assertThat(Http.send(new Request.Builder().url(url.replace("PID-FREE0001", "PID-PREM0001")).build()).status())
                .isEqualTo(404);
        assertThat(Http.send(new Request.Builder().url(server.dockBaseUrl() + "/v2/verifications/discord").build())
                .status()).isEqualTo(404);
    }
}
