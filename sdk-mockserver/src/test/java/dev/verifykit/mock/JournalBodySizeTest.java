package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's journal: {@code bodySize} is the full size (before, a body over the 64-KiB limit was
 * journaled at the size the server kept), {@code bodyTruncated} whether the body was cut (before, a
 * redacted signature made a whole body look cut), and {@code wait} with leading zeros is the number
 * it spells (before, ten digits were refused).
 */
class JournalBodySizeTest {

    private static final OkHttpClient HTTP = new OkHttpClient();

    /** Status and body of one plain HTTP exchange. */
    record Answer(int statusCode, String body) {
    }

    private static Answer send(Request request) throws Exception {
        try (Response r = HTTP.newCall(request).execute()) {
            return new Answer(r.code(), r.body().string());
        }
    }

    private static Answer post(String url, String auth, String body) throws Exception {
        Request.Builder b = new Request.Builder().url(url)
                .post(RequestBody.create(body, MediaType.get("application/json")));
        if (auth != null) {
            b.header("Authorization", "Bearer " + auth);
        }
        return send(b.build());
    }

    @Test
    void bodySizeOfAnOversizedRequestIsTheFullSizeNotTheServersRetentionLimit() throws Exception {
        try (MockServer server = MockServer.start()) {
            String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"" + "x".repeat(100_000) + "\"}";
            Answer created = post(server.dockBaseUrl() + "/v2/sessions", "dock_test_free", body);
            assertThat(created.statusCode()).isEqualTo(413);

            String journal = get(server.controlBaseUrl() + "/journal?path=/dock/v2/sessions");
            assertThat(number(journal, "bodySize"))
                    .as("bodySize of the journal entry of a %d-byte request: %s", body.length(), abbreviate(journal))
                    .isEqualTo(body.length());
        }
    }

    @Test
    void aRedactedJwtSignatureDoesNotMakeAnUntruncatedBodyLookTruncated() throws Exception {
        try (MockServer server = MockServer.start()) {
            // a short body, far below the 4096-byte journal limit: nothing is cut, only the signature is redacted
            String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2Jsb3hVc2VySWQiOiIxIn0."
                    + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
            Answer refreshed = post(server.robloxBaseUrl() + "/auth.refresh", null, "{\"jwt\":\"" + jwt + "\"}");
            assertThat(refreshed.statusCode()).isEqualTo(401);

            String journal = get(server.controlBaseUrl() + "/journal?path=/roblox/auth.refresh");
            assertThat(journal).contains("[redacted]");
            assertThat(journal)
                    .as("journal entry of an untruncated %d-byte body: %s", jwt.length() + 10, journal)
                    .contains("\"bodyTruncated\":false");
        }
    }

    @Test
    void aLongBodyIsCutAndSaysSo() throws Exception {
        try (MockServer server = MockServer.start()) {
            String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"u1\",\"pad\":\"" + "y".repeat(5_000) + "\"}";
            assertThat(post(server.dockBaseUrl() + "/v2/sessions", "dock_test_free", body).statusCode()).isEqualTo(200);

            MockJournalEntry entry = server.journal().entries().get(0);
            assertThat(entry.bodySize()).isEqualTo(body.length());
            assertThat(entry.bodyTruncated()).isTrue();
            assertThat(entry.body()).hasSize(4096);
        }
    }

    @Test
    void waitWithLeadingZerosIsTheNumberItSpells() throws Exception {
        try (MockServer server = MockServer.start()) {
            Answer created = post(server.dockBaseUrl() + "/v2/sessions", "dock_test_free",
                    "{\"pid\":\"PID-FREE0001\",\"clientId\":\"u1\"}");
            Matcher id = Pattern.compile("\"id\":\"(vsn_[^\"]+)\"").matcher(created.body());
            assertThat(id.find()).isTrue();
            String read = server.dockBaseUrl() + "/v2/sessions/" + id.group(1) + "?wait=";

            assertThat(send(new Request.Builder().url(read + "0000000000").header("Authorization", "Bearer dock_test_free")
                    .build()).statusCode()).isEqualTo(200);
            assertThat(send(new Request.Builder().url(read + "0000000026").header("Authorization", "Bearer dock_test_free")
                    .build()).statusCode()).isEqualTo(400);
            assertThat(send(new Request.Builder().url(read + "99999999999999999999").header("Authorization",
                    "Bearer dock_test_free").build()).body()).contains("INVALID_PARAMETER", "wait");
        }
    }

    private static String get(String url) throws Exception {
        Answer r = send(new Request.Builder().url(url).build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, abbreviate(json)).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String abbreviate(String json) {
        return json.replaceAll("x{20,}", "xxx…");
    }
}
