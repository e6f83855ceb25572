package dev.verifykit.mock;

import static dev.verifykit.mock.DokaiHttp.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DokaiHostedPageTest {

    private final MockServer server = MockServer.start(MockSettings.builder()
            .dokai(DokaiSettings.builder().deliveryDelays(Duration.ofMillis(50)).build()).build());
    private final DokaiHttp dokai = new DokaiHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String body) {
        return (String) dokai.create(KEY, body).json().get("url");
    }

    private static Answer press(String url, String action) {
        return Http.send(new Request.Builder().url(url).post(new FormBody.Builder().add("action", action).build()).build());
    }

    @Test
    void thePageShowsTheSessionWithItsButtons() {
        Answer created = dokai.create(KEY, "{\"document_type\":\"passport\"}");
        String id = (String) created.json().get("id");

        Answer page = Http.send(new Request.Builder().url((String) created.json().get("url")).build());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains(id, "pending", "passport", "<form method=\"post\"",
                "name=\"action\" value=\"advance\"", "value=\"verified\"", "value=\"unverified\"", "value=\"failed\"");
    }

    @Test
    void theButtonsMoveTheSessionAndAFinishSendsTheWebhook() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering()) {
            Answer created = dokai.create(KEY, "{\"webhook_url\":\"" + receiver.url() + "\"}");
            String id = (String) created.json().get("id");
            String url = (String) created.json().get("url");

            Answer uploaded = press(url, "advance");
            assertThat(uploaded.status()).as("303 followed to the page").isEqualTo(200);
            assertThat(uploaded.body()).contains("document_uploaded", "Take selfie");
            assertThat(dokai.read(KEY, id).json()).containsEntry("status", "document_uploaded");
            assertThat(press(url, "advance").body()).contains("processing").doesNotContain("value=\"advance\"");

            Answer done = press(url, "unverified");
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.body()).contains("unverified", "AHMAD BIN IBRAHIM").doesNotContain("<form");
            assertThat(dokai.read(KEY, id).json()).containsEntry("status", "unverified");
            assertThat(server.dokai().awaitDeliveries(1, Duration.ofSeconds(15)).get(0).event())
                    .isEqualTo("verification.completed");

            assertThat(press(url, "verified").status()).isEqualTo(409);
        }
    }

    @Test
    void theRedirectAndTheErrors() {
        String url = url("{}");
        OkHttpClient noRedirects = Http.CLIENT.newBuilder().followRedirects(false).build();
        try (okhttp3.Response response = noRedirects.newCall(new Request.Builder().url(url)
                .post(new FormBody.Builder().add("action", "failed").build()).build()).execute()) {
            assertThat(response.code()).isEqualTo(303);
            assertThat(response.header("Location")).isEqualTo(okhttp3.HttpUrl.get(url).encodedPath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(Http.send(new Request.Builder().url(url).build()).body()).contains("failed", "close this page");

        String other = url("{}");
        Answer unknownAction = press(other, "<b>approve</b>");
        assertThat(unknownAction.status()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("&lt;b&gt;approve&lt;/b&gt;").doesNotContain("<b>approve");
        Answer unknownToken = Http.send(new Request.Builder().url(server.dokaiBaseUrl() + "/verify/nope").build());
        assertThat(unknownToken.status()).isEqualTo(404);
        assertThat(unknownToken.body()).as("a 404 page").contains("Verification not found", "no longer valid");
        assertThat(press(server.dokaiBaseUrl() + "/verify/nope", "verified").status()).isEqualTo(404);
        assertThat(Http.send(new Request.Builder().url(other).delete().build()).status()).isEqualTo(405);
    }

    @Test
    void everythingEchoedIsEscaped() {
        String url = url("{\"document_type\":\"<script>alert('x')</script>\",\"document_brand\":\"a&\\\"b\"}");

        String body = Http.send(new Request.Builder().url(url).build()).body();

        assertThat(body).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                "a&amp;&quot;b");
    }

    @Test
    void anExpiredSessionShowsNoButtons() {
        Answer created = dokai.create(KEY, "{}");
        String url = (String) created.json().get("url");
        server.dokai().expire((String) created.json().get("id"));

        Answer page = Http.send(new Request.Builder().url(url).build());

        assertThat(page.body()).contains("expired").doesNotContain("<form");
        assertThat(press(url, "verified").status()).isEqualTo(409);
    }
}
