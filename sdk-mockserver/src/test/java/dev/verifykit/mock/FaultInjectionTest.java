package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault rules and the journal at the wire, through the control plane and from Java. */
class FaultInjectionTest {

    private final MockServer server = MockServer.start(MockSettings.builder().journalBodyLimit(16)
            .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build()).build());
    private final Http http = new Http(server);
    private final OkHttpClient plain = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private Response raw(String path) throws IOException {
        return plain.newCall(new Request.Builder().url(server.dockBaseUrl() + path)
                .header("Authorization", "Bearer " + Http.FREE).build()).execute();
    }

    @Test
    void aTruncatedBodyHasAMatchingContentLength() throws IOException {
        String id = http.newSession("t");
        server.faults().add("GET", "/dock/v2/sessions/*", MockFault.truncateBody(10), 1);

        try (Response response = raw("/v2/sessions/" + id)) {
            assertThat(response.header("Content-Length")).isEqualTo("10");
            assertThat(response.body().string()).hasSize(10);
            assertThat(response.header("X-Request-Id")).startsWith("req_");
        }
        assertThat(server.journal().find(MockJournalQuery.all().faulted(true))).singleElement()
                .satisfies(e -> assertThat(e.fault()).isEqualTo("truncate-body keep=10"));
    }

    @Test
    void resetsEndTheConnectionBeforeOrDuringTheBody() throws IOException {
        String id = http.newSession("r");
        server.faults().add("GET /dock/v2/sessions/* reset-before-response times=1");
        server.faults().add("GET /dock/v2/sessions/* reset-mid-body times=1");

        assertThatThrownBy(() -> raw("/v2/sessions/" + id).close()).isInstanceOf(IOException.class);
        try (Response response = raw("/v2/sessions/" + id)) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
        }
        try (Response response = raw("/v2/sessions/" + id)) {
            assertThat(response.body().string()).contains(id);
        }
        assertThat(server.journal().find(MockJournalQuery.all().method("GET")))
                .extracting(MockJournalEntry::status, MockJournalEntry::faultRule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-1, "f1"),
                        org.assertj.core.groups.Tuple.tuple(200, "f2"), org.assertj.core.groups.Tuple.tuple(200, null));
    }

    @Test
    void rulesAreAddedListedAndClearedOverHttpAndExpireAfterTheirUses() {
        Http.Answer added = http.send("POST", "/_mock/faults", null,
                "{\"method\":\"post\",\"path\":\"/dock/**\",\"fault\":\"respond\",\"status\":429,"
                        + "\"headers\":{\"Retry-After\":\"3\"},\"times\":2}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json()).containsEntry("id", "f1").containsEntry("remaining", 2.0)
                .containsEntry("spec", "POST /dock/** respond status=429 header=Retry-After:3 times=2");
        Http.Answer compact = http.send("POST", "/_mock/faults", null,
                "{\"rule\":\"GET /roblox/* delay-head delay=2s for=1m\"}");
        assertThat(compact.status()).isEqualTo(201);

        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"x\"}";
        assertThat(http.create(Http.FREE, body).status()).isEqualTo(429);
        Http.Answer second = http.create(Http.FREE, body);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isEqualTo("3");
        assertThat(second.json()).containsKey("meta");
        assertThat(http.create(Http.FREE, body).status()).isEqualTo(200);

        Http.Answer listed = http.get(null, "/_mock/faults");
        assertThat(listed.body()).contains("\"applied\":2", "\"remaining\":0", "\"active\":false", "\"delayMillis\":2000");
        assertThat(http.send("DELETE", "/_mock/faults/f2", null, null).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/_mock/faults/f2", null, null).status()).isEqualTo(404);
        assertThat(http.send("DELETE", "/_mock/faults", null, null).json()).containsEntry("removed", 1.0);
        assertThat(server.faults().rules()).isEmpty();

        assertThat(http.send("POST", "/_mock/faults", null, "{\"rule\":\"GET /x explode\"}").error())
                .isEqualTo("INVALID_PARAMETER");
        // refused when added: a duration past instants' range was a 500, a header OkHttp cannot send hung the request
        Http.Answer endless = http.send("POST", "/_mock/faults", null,
                "{\"rule\":\"GET /dock/** respond status=503 for=999999999999d\"}");
        assertThat(endless.status()).isEqualTo(400);
        assertThat(endless.body()).contains("for= must be at most 999999999s");
        Http.Answer badHeader = http.send("POST", "/_mock/faults", null,
                "{\"rule\":\"GET /dock/** respond status=503 header='Bad Name:x'\"}");
        assertThat(badHeader.status()).isEqualTo(400);
        assertThat(badHeader.body()).contains("a header name must be visible ASCII");
        assertThat(server.faults().rules()).isEmpty();
        assertThat(http.send("POST", "/_mock/faults", null, "{\"method\":\"GET\",\"path\":\"/x\",\"fault\":\"respond\"}")
                .body()).contains("respond needs status=");
    }

    @Test
    void theJournalIsFilteredRedactedAndClearedOverHttp() {
        http.newSession("j");
        http.get(Http.FREE, "/dock/v2/sessions/vsn_nope");
        http.send("POST", "/roblox/auth.beginVerification", null, "{}");

        Http.Answer all = http.get(null, "/_mock/journal?service=dock");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) all.json().get("entries");
        assertThat(entries).extracting(e -> e.get("path")).containsExactly("/dock/v2/sessions", "/dock/v2/sessions/vsn_nope");
        assertThat(entries.get(0)).containsEntry("body", "{\"pid\":\"PID-FREE").containsEntry("bodyTruncated", true);
        assertThat(entries.get(0).get("headers").toString()).contains("authorization=[Bearer [redacted]]")
                .doesNotContain(Http.FREE);
        assertThat(http.get(null, "/_mock/journal?status=404&method=GET").body()).contains("vsn_nope")
                .doesNotContain("beginVerification");
        assertThat(http.get(null, "/_mock/journal?path=/roblox/**&limit=1").body()).contains("beginVerification");
        assertThat(http.get(null, "/_mock/journal?since=2999-01-01T00:00:00Z").json()).containsEntry("entries", List.of());
        assertThat(http.get(null, "/_mock/journal?limit=-1").error()).isEqualTo("INVALID_PARAMETER");
        assertThat(http.get(null, "/_mock/journal?colour=red").error()).isEqualTo("INVALID_PARAMETER");
        // a service the mock does not have matched nothing: a test asserting no request was sent passed whatever was sent
        assertThat(http.get(null, "/_mock/journal?service=dokia").error()).isEqualTo("INVALID_PARAMETER");

        assertThat(http.send("DELETE", "/_mock/journal", null, null).status()).isEqualTo(200);
        assertThat(server.journal().entries()).extracting(MockJournalEntry::path).containsExactly("/_mock/journal");
        assertThat(server.journal().entries().get(0).service()).isEqualTo("control");
    }

    /**
     * A query's service is one the mock has (any case) and its limit at least 0: a misspelt service
     * ({@code "dokia"}) matched nothing, so {@code find(all().service("dokia").method("POST")).isEmpty()}
     * passed whatever the client sent; a negative limit given to the record's constructor made
     * {@code find} fail with an {@code IndexOutOfBoundsException}.
     */
    @Test
    void aJournalQueryRefusesAServiceTheMockDoesNotHaveAndANegativeLimit() {
        assertThatThrownBy(() -> MockJournalQuery.all().service("dokia")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service must be dock, roblox, dokai, control or none");
        assertThat(MockJournalQuery.all().service("Dock").service()).as("any case, as documented").isEqualTo("Dock");
        assertThatThrownBy(() -> new MockJournalQuery(null, null, null, null, null, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    /**
     * A query's method is an HTTP method (any case) or {@code null} for any, as its service and status are
     * checked: {@code method("*")} (the fault rules' "any method") or a blank or spaced method matched
     * nothing, so {@code find(all().method("*").path("/dock/**")).isEmpty()} passed whatever the client sent.
     */
    @Test
    void aMethodThatNoRequestCanHaveIsRefusedAtOnce() {
        http.newSession("a"); // a POST /dock/v2/sessions in the journal

        for (String method : new String[] {"*", "", " ", " POST", "PO ST", "GET\n"}) {
            assertThatThrownBy(() -> MockJournalQuery.all().method(method)).as("method %s", method)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method must be an HTTP method");
        }
        assertThat(http.get(null, "/_mock/journal?method=*").error()).isEqualTo("INVALID_PARAMETER");

        assertThat(server.journal().find(MockJournalQuery.all().method("post").path("/dock/v2/sessions")))
                .as("any case, as documented").hasSize(1);
        assertThat(MockJournalQuery.all().method(null).method()).isNull();
    }

    /**
     * A query's status is one the journal can hold: an HTTP status (100 to 599) or -1 (nothing processed
     * and nothing sent). {@code status(42)} (a typo of 429, 404) matched nothing, so
     * {@code find(all().status(42)).isEmpty()} passed whatever the client did; over HTTP,
     * {@code ?status=42} answered 200 with no entries where the README promises 400 for a bad value.
     */
    @Test
    void aJournalQueryRefusesAStatusNoAnswerHas() {
        assertThatThrownBy(() -> MockJournalQuery.all().status(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status must be -1 or 100 to 599");
        assertThatThrownBy(() -> MockJournalQuery.all().status(600)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MockJournalQuery.all().status(-1).status()).as("nothing processed, nothing sent").isEqualTo(-1);
        assertThat(MockJournalQuery.all().status(100).status()).isEqualTo(100);
        assertThat(MockJournalQuery.all().status(599).status()).isEqualTo(599);

        assertThat(http.get(null, "/_mock/journal?status=42").error()).isEqualTo("INVALID_PARAMETER");
        assertThat(http.get(null, "/_mock/journal?status=200").status()).isEqualTo(200);
    }

    @Test
    void theJournalKeepsABoundedPartOfHugeHeadersAndPaths() {
        // a head is taken up to 64 KiB: 10,000 entries of that each, uncut, would hold 640 MB
        Request.Builder request = new Request.Builder().url(server.controlBaseUrl() + "/health?q=" + "q".repeat(9_000));
        for (int i = 0; i < 5; i++) {
            request.header("X-Big-" + i, "a".repeat(9_000));
        }
        Http.send(request.build());

        MockJournalEntry entry = server.journal().entries().get(0);
        assertThat(entry.header("X-Big-0")).hasSize(8_192);
        assertThat(entry.query()).hasSize(8_192);
        assertThat(entry.header("X-Big-4")).as("past 32,768 characters of headers").isNull();
    }

    @Test
    void theControlPlaneIsNeverFaulted() {
        server.faults().addFor("*", "**", MockFault.respond(500), Duration.ofMinutes(1));

        assertThat(http.get(null, "/_mock/health").status()).isEqualTo(200);
        assertThat(http.send("POST", "/roblox/auth.beginVerification", null, "{}").status()).isEqualTo(500);
    }

    /** A 1xx is no final answer (the client waited for one until its timeout), and 204, 205 and 304 have no body. */
    @Test
    void aRespondFaultTheWireCannotCarryIsRefusedAndA204IsSentWithoutBody() throws IOException {
        assertThatThrownBy(() -> MockFault.respond(103)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status must be 200 to 599: 103");
        assertThatThrownBy(() -> server.faults().add("GET /dock/** respond status=101"))
                .hasMessage("status= expects a whole number of at least 200, got '101'");
        assertThatThrownBy(() -> MockFault.respond(204).withBody("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body must be absent with status 204, which has no body");
        assertThatThrownBy(() -> server.faults().add("GET /dock/** respond status=304 body=x"))
                .hasMessage("body must be absent with status 304, which has no body");
        assertThatThrownBy(() -> MockFault.respond(503).withHeader("Transfer-Encoding", "chunked"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header Transfer-Encoding is the mock's to set: it frames the body");
        assertThatThrownBy(() -> server.faults().add("GET /dock/** respond status=503 header=content-length:5"))
                .hasMessage("header content-length is the mock's to set: it frames the body");
        assertThat(server.faults().rules()).isEmpty();

        server.faults().add("GET /dock/** respond status=204 times=1");
        try (Response response = raw("/v2/sessions/vsn_x")) {
            assertThat(response.code()).isEqualTo(204);
            assertThat(response.body().bytes()).isEmpty();
        }
    }

    /** A stream kind on a path no stream opens at, a truncation only stream opens could take: each acts on nothing. */
    @Test
    void aRuleWhosePathMatchesOnlyPathsItsKindSkipsIsRefused() {
        assertThatThrownBy(() -> server.faults().add("GET /dock/v2/sessions stall-stream"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stall-stream acts only on stream opens, GET /dock/v2/sessions/{id}/stream:"
                        + " /dock/v2/sessions matches none");
        assertThatThrownBy(() -> server.faults().add("GET", "/dock/v2/sessions/*/*/stream", MockFault.dropStreamAfter(1), 1))
                .hasMessageContaining("/dock/v2/sessions/*/*/stream matches none");
        assertThatThrownBy(() -> server.faults().add("GET /dock/v2/sessions/*/stream truncate-body keep=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truncate-body never acts on a stream open, and GET /dock/v2/sessions/*/stream matches only"
                        + " stream opens (/dock/v2/sessions/{id}/stream)");
        assertThatThrownBy(() -> server.faults().add("GET", "/dock/v2/sessions/vsn_*/stream", MockFault.truncateBody(), 1))
                .hasMessageContaining("matches only stream opens");
        assertThat(server.faults().rules()).isEmpty();

        // what can act still goes in
        server.faults().add("GET /dock/** drop-stream");
        server.faults().add("* /dock/v2/sessions/vsn_1*/stream stall-stream");
        server.faults().add("GET /dock/v2/sessions/**/stream drop-stream");
        server.faults().add("GET /dock/v2/sessions/*/stream* truncate-body");   // .../streamed is no stream open
        server.faults().add("GET /dock/v2/sessions/**/stream truncate-body");   // .../a/b/stream is none either
        server.faults().add("POST /dock/v2/sessions/*/stream truncate-body");   // a 405, which has a body
        server.faults().add("GET /**/stream truncate-body");                    // /dokai/…/stream
        assertThat(server.faults().rules()).hasSize(7);
    }

    @Test
    void aRuleThatCanMatchNoRequestIsRefusedSayingWhy() {
        assertThatThrownBy(() -> server.faults().add("GET", "/v2/sessions/*", MockFault.respond(503), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fault rule's path /v2/sessions/* matches no path the mock serves: paths begin with"
                        + " the service's prefix, /dock, /roblox or /dokai");
        assertThatThrownBy(() -> server.faults().add("GET /_mock/health respond status=500"))
                .hasMessage("a fault rule's path /_mock/health matches only the control plane, which is never faulted");
        assertThatThrownBy(() -> server.faults().add("POST", "/dock/**", MockFault.dropStreamAfter(1), 1))
                .hasMessage("drop-stream acts only on stream opens, GET /dock/v2/sessions/{id}/stream: not on POST");
        assertThatThrownBy(() -> server.faults().add("GET /roblox/** stall-stream"))
                .hasMessage("stall-stream acts only on stream opens, GET /dock/v2/sessions/{id}/stream:"
                        + " /roblox/** matches none");
        assertThatThrownBy(() -> server.faults().add("GET", "/hook", MockFault.webhookFail(), 1))
                .hasMessage("webhook-fail acts on webhook deliveries, which are POSTs: not on GET");
        assertThatThrownBy(() -> MockSettings.builder().fault("GET /v2/sessions respond status=503"))
                .hasMessageContaining("matches no path the mock serves");
        Http.Answer overHttp = http.send("POST", "/_mock/faults", null, "{\"rule\":\"* /_mock/** respond status=500\"}");
        assertThat(overHttp.status()).isEqualTo(400);
        assertThat(overHttp.body()).contains("INVALID_PARAMETER", "never faulted");
        assertThat(server.faults().rules()).isEmpty();

        // what can match still goes in: every path, a service's, a stream's, a webhook receiver's any path
        server.faults().add("* * respond status=500");
        server.faults().add("* /dock* respond status=500");
        server.faults().add("* /**/stream drop-stream");
        server.faults().add("* /dock/v2/sessions/*/stream stall-stream");
        server.faults().add("POST /anything/at/all webhook-fail");
        server.faults().add("* /hook webhook-drop");
        assertThat(server.faults().rules()).hasSize(6);
    }

    @Test
    void resetKeepsTheStartupRulesFreshAndDropsTheOthers() {
        try (MockServer withRules = MockServer.start(MockSettings.builder()
                .fault("POST /dokai/** respond status=503 times=1").build())) {
            withRules.faults().add("GET /dock/** respond status=500");
            assertThat(withRules.faults().rules()).hasSize(2);

            withRules.reset();

            assertThat(withRules.faults().rules()).singleElement().satisfies(r -> {
                assertThat(r.id()).isEqualTo("f1");
                assertThat(r.remaining()).isEqualTo(1);
                assertThat(r.fault()).isEqualTo(MockFault.respond(503));
            });
        }
    }

    @Test
    void theCommandLineTakesRepeatableFaultRules() {
        MockSettings settings = CommandLine.parse("--fault",
                "POST /dock/v2/sessions reset-before-response processed=true times=1",
                "--fault=GET /dokai/** respond status=429 header=Retry-After:2 body='{\"error\": 1}' for=30s",
                "--journal-body-limit", "0").settings();

        assertThat(settings.faults()).hasSize(2);
        assertThat(settings.journalBodyLimit()).isZero();
        assertThatThrownBy(() -> CommandLine.parse("--fault", "GET /x respond"))
                .hasMessage("--fault: respond needs status=");
        assertThatThrownBy(() -> CommandLine.parse("--fault", "GET /x respond status=503 for=999999999999d"))
                .hasMessageContaining("for= must be at most 999999999s");
        assertThatThrownBy(() -> CommandLine.parse("--dock-session-lifetime", "999999999999d"))
                .hasMessageContaining("must be at most 999999999s");
    }
}
