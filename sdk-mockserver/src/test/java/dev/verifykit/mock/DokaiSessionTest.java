package dev.verifykit.mock;

import static dev.verifykit.mock.DokaiHttp.KEY;
import static dev.verifykit.mock.DokaiHttp.NO_KYC;
import static dev.verifykit.mock.DokaiHttp.OTHER;
import static dev.verifykit.mock.DokaiHttp.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DokaiSessionTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock)
            .dokai(DokaiSettings.builder().allowedWebhookDomains("hooks.example.com").build()).build());
    private final DokaiHttp dokai = new DokaiHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSessionIsForgottenALifetimeAfterItExpired() {
        // sessions were kept for good: memory grew with every create
        Answer first = dokai.create(KEY, "{}");
        String old = (String) first.json().get("id");
        clock.advance(Duration.ofHours(47));
        Answer second = dokai.create(KEY, "{}");
        String recent = (String) second.json().get("id");
        assertThat(server.dokai().session(old)).as("expired 23 h ago: still readable").isPresent();

        clock.advance(Duration.ofHours(2)); // the first expired 25 h ago, the lifetime being 24 h
        dokai.create(KEY, "{}");

        assertThat(server.dokai().session(old)).isEmpty();
        assertThat(server.dokai().session(recent)).isPresent();
        // the hosted pages go with their sessions, and only theirs
        assertThat(page((String) second.json().get("url")).status()).as("the kept session's page").isEqualTo(200);
        assertThat(page((String) first.json().get("url")).status()).as("the forgotten session's page").isEqualTo(404);
    }

    private static Answer page(String url) {
        return Http.send(new Request.Builder().url(url).build());
    }

    @Test
    void createAnswers201WithTheDocumentedShape() {
        Answer created = dokai.create(KEY, "{\"webhook_url\":\"https://hooks.example.com/dokai\","
                + "\"document_type\":\"identity_card\",\"document_brand\":\"mykad\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/json");
        Map<String, Object> json = created.json();
        assertThat(json).containsOnlyKeys("id", "url", "status", "expires_at")
                .containsEntry("status", "pending")
                .containsEntry("expires_at", "2026-05-08T10:30:00Z");
        String id = (String) json.get("id");
        assertThat(id).matches("ver_[0-9A-Za-z]{24}");
        assertThat((String) json.get("url")).startsWith(server.dokaiBaseUrl() + "/verify/").doesNotContain(id);

        MockKycSession session = server.dokai().session(id).orElseThrow();
        assertThat(session.webhookUrl()).isEqualTo("https://hooks.example.com/dokai");
        assertThat(session.documentType()).isEqualTo("identity_card");
        assertThat(session.documentBrand()).isEqualTo("mykad");
        assertThat(session.createdAt()).isEqualTo(clock.instant());
        assertThat(session.url()).isEqualTo(json.get("url"));
        assertThat(server.dokai().sessionCount()).isEqualTo(1);
        assertThat(server.journal().entries()).extracting(MockJournalEntry::path).containsExactly("/dokai/v1/verify/session");
        assertThat(dokai.create(KEY, "").status()).as("an empty body is {}").isEqualTo(201);
        assertThat(dokai.create(KEY, "{\"webhook_url\":null,\"unknown\":1}").status()).isEqualTo(201);
    }

    @Test
    void readShowsTheDocumentedShapeWhilePending() {
        String id = dokai.newSession("{}");

        Answer read = dokai.read(KEY, id);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().keySet()).containsExactly("id", "status", "type", "face_match", "liveness", "identity",
                "created_at", "expires_at");
        assertThat(read.json()).containsEntry("id", id).containsEntry("status", "pending")
                .containsEntry("type", "hosted").containsEntry("face_match", null).containsEntry("liveness", null)
                .containsEntry("identity", null).containsEntry("created_at", "2026-05-07T10:30:00Z")
                .containsEntry("expires_at", "2026-05-08T10:30:00Z");
    }

    @Test
    void missingOrUnknownKeyIs401() {
        String id = dokai.newSession("{}");

        for (Answer answer : new Answer[] {dokai.create(null, "{}"), dokai.create("dk_test_wrong", "{}"),
                dokai.read(null, id), dokai.read("dk_live_x", id),
                Http.send(new Request.Builder().url(server.dokaiBaseUrl() + "/v1/verify/session/" + id)
                        .header("Authorization", "Basic " + KEY).build())}) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(errorCode(answer)).isEqualTo("unauthorized");
            assertThat(answer.json().get("error").toString()).contains("message=");
        }
    }

    @Test
    void keyWithoutKycIs403OnEveryEndpoint() {
        String id = dokai.newSession("{}");

        for (Answer answer : new Answer[] {dokai.create(NO_KYC, "{}"), dokai.create(NO_KYC, "not json"),
                dokai.read(NO_KYC, id), dokai.read(NO_KYC, "ver_unknown")}) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(errorCode(answer)).isEqualTo("feature_not_enabled");
        }
        assertThat(server.dokai().sessionCount()).isEqualTo(1);
    }

    @Test
    void unknownSessionAndAnotherKeysSessionAre404() {
        String mine = dokai.newSession("{}");
        String theirs = (String) dokai.create(OTHER, "{}").json().get("id");

        for (Answer answer : new Answer[] {dokai.read(KEY, "ver_unknown"), dokai.read(OTHER, mine),
                dokai.read(KEY, theirs)}) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(errorCode(answer)).isEqualTo("not_found");
        }
        assertThat(dokai.read(OTHER, theirs).status()).isEqualTo(200);
        Answer unknownPath = dokai.http().get(KEY, "/dokai/v1/verify");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(errorCode(unknownPath)).isEqualTo("not_found");
        Answer wrongMethod = dokai.http().get(KEY, "/dokai/v1/verify/session");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
        assertThat(errorCode(wrongMethod)).isEqualTo("method_not_allowed");
    }

    @Test
    void malformedBodiesAre400InvalidRequest() {
        String[] bodies = {"not json", "[1]", "\"text\"", "{\"webhook_url\":5}", "{\"document_type\":true}",
                "{\"document_brand\":{}}", "{\"document_type\":\"\"}", "{\"document_brand\":\"  \"}",
                "{\"document_type\":\"" + "x".repeat(65) + "\"}",
                "{\"webhook_url\":\"https://hooks.example.com/" + "x".repeat(2048) + "\"}"};
        for (String body : bodies) {
            Answer answer = dokai.create(KEY, body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(errorCode(answer)).as(body).isEqualTo("invalid_request");
        }
        assertThat(server.dokai().sessionCount()).isZero();
        assertThat(dokai.create(KEY, "{\"document_type\":\"" + "x".repeat(64) + "\"}").status()).isEqualTo(201);
    }

    @Test
    void webhookUrlsThatAreNotHttpsOnAnAllowedDomainAre422() {
        String[] refused = {"http://hooks.example.com/dokai", "https://evil.example.org/dokai", "/relative/hook",
                "hooks.example.com/dokai", "", "ftp://hooks.example.com/x", "https://hooks.example.com.evil.org/",
                "https://x.hooks.example.com/", "https://hooks.example.com@evil.org/", "http://10.0.0.1/hook",
                "http://127.0.0.1.nip.io/hook", "https:hooks.example.com/dokai", "https://hooks.example.com:99999/dokai"};
        for (String url : refused) {
            Answer answer = dokai.create(KEY, "{\"webhook_url\":\"" + url + "\"}");
            assertThat(answer.status()).as(url).isEqualTo(422);
            assertThat(errorCode(answer)).as(url).isEqualTo("webhook_domain_not_allowed");
        }
        String[] allowed = {"https://hooks.example.com/dokai", "https://HOOKS.example.com:8443/x?y=1",
                "http://127.0.0.1:9/hook", "http://127.10.0.1/hook", "http://localhost:8080/hook",
                "http://[::1]:8080/hook", "https://localhost/hook"};
        for (String url : allowed) {
            assertThat(dokai.create(KEY, "{\"webhook_url\":\"" + url + "\"}").status()).as(url).isEqualTo(201);
        }
    }

    /**
     * The mock README's fault table: a {@code respond} fault without a body answers in the service's own error
     * shape, for Dokai {@code {"error":{"code","message"}}} with the code of its status ({@code rate_limited},
     * {@code service_unavailable}, {@code internal_error}, …), as the SDK's error mapper reads it.
     */
    @Test
    void anInjectedStatusIsAnsweredInDokaisErrorShape() {
        String id = dokai.newSession("{}");
        Map<Integer, String> codes = Map.of(429, "rate_limited", 503, "service_unavailable", 500, "internal_error",
                502, "internal_error", 404, "not_found", 403, "feature_not_enabled", 418, "invalid_request");
        codes.forEach((status, code) -> {
            server.faults().add("GET /dokai/v1/verify/session/* respond status=" + status + " times=1");
            Answer answer = dokai.read(KEY, id);
            assertThat(answer.status()).isEqualTo(status);
            assertThat(errorCode(answer)).as(answer.body()).isEqualTo(code);
            assertThat(answer.json().get("error").toString()).contains("message=");
        });
        assertThat(dokai.read(KEY, id).status()).as("each rule used once").isEqualTo(200);
    }

    @Test
    void byDefaultOnlyLoopbackWebhookUrlsAreAllowedSoNothingIsSentToTheNetwork() {
        try (MockServer defaults = MockServer.start()) {
            DokaiHttp http = new DokaiHttp(defaults);
            for (String url : new String[] {"https://hooks.example.com/dokai", "https://example.com/x", "https://api.test/x"}) {
                Answer answer = http.create(KEY, "{\"webhook_url\":\"" + url + "\"}");
                assertThat(answer.status()).as(url).isEqualTo(422);
                assertThat(errorCode(answer)).as(url).isEqualTo("webhook_domain_not_allowed");
            }
            assertThat(defaults.dokai().sessionCount()).as("no session that could deliver elsewhere").isZero();
            assertThat(http.create(KEY, "{\"webhook_url\":\"http://127.0.0.1:9/hook\"}").status()).isEqualTo(201);
            assertThat(http.create(KEY, "{\"webhook_url\":\"https://localhost/hook\"}").status()).isEqualTo(201);
        }
    }

    @Test
    void loopbackAndDomainsFollowTheSettings() {
        try (MockServer strict = MockServer.start(MockSettings.builder().dokai(DokaiSettings.builder()
                .allowLoopbackHttpWebhooks(false).allowedWebhookDomains("*.example.net", "api.test").build()).build())) {
            DokaiHttp http = new DokaiHttp(strict);
            assertThat(http.create(KEY, "{\"webhook_url\":\"http://127.0.0.1:9/hook\"}").status()).isEqualTo(422);
            assertThat(http.create(KEY, "{\"webhook_url\":\"https://hooks.example.com/x\"}").status()).isEqualTo(422);
            assertThat(http.create(KEY, "{\"webhook_url\":\"https://example.net/x\"}").status()).isEqualTo(422);
            assertThat(http.create(KEY, "{\"webhook_url\":\"https://a.b.example.net/x\"}").status()).isEqualTo(201);
            assertThat(http.create(KEY, "{\"webhook_url\":\"https://api.test/x\"}").status()).isEqualTo(201);
        }
    }

    @Test
    void sessionsExpireAfterTheirLifetimeByTheInjectedClock() {
        String id = dokai.newSession("{}");
        server.dokai().advance(id);

        clock.advance(Duration.ofHours(24).minusMillis(1));
        assertThat(dokai.read(KEY, id).json()).containsEntry("status", "document_uploaded");

        clock.advance(Duration.ofMillis(1));
        Answer expired = dokai.read(KEY, id);
        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.json()).containsEntry("status", "expired").containsEntry("identity", null);
        MockKycSession session = server.dokai().session(id).orElseThrow();
        assertThat(session.terminalAt()).isEqualTo(session.expiresAt());
        assertThat(dokai.control("POST", "/sessions/" + id + "/finish", "{\"outcome\":\"verified\"}").status())
                .isEqualTo(409);

        clock.advance(Duration.ofDays(30));
        assertThat(dokai.read(KEY, id).json()).as("kept until reset").containsEntry("status", "expired");
    }

    /**
     * {@code expired} is "Session expired before completion (24-hour TTL)": a session that reached its
     * outcome keeps it, result and all, past its {@code expires_at}; only one still running turns expired.
     */
    @Test
    void anOutcomeIsKeptPastTheSessionsExpiry() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String outcome : List.of("verified", "unverified", "failed")) {
            ids.put(outcome, dokai.newSession("{}"));
            server.dokai().finish(ids.get(outcome), outcome);
        }
        String running = dokai.newSession("{}");
        Map<String, Map<String, Object>> before = new LinkedHashMap<>();
        ids.forEach((outcome, id) -> before.put(outcome, dokai.read(KEY, id).json()));

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        ids.forEach((outcome, id) -> assertThat(dokai.read(KEY, id).json()).as(outcome)
                .containsEntry("status", outcome).isEqualTo(before.get(outcome)));
        assertThat(dokai.read(KEY, running).json()).containsEntry("status", "expired");
    }

    @Test
    void lifetimeIsASetting() {
        MutableClock c = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
        try (MockServer shortLived = MockServer.start(MockSettings.builder().clock(c)
                .dokai(DokaiSettings.builder().sessionLifetime(Duration.ofMillis(2500)).build()).build())) {
            DokaiHttp http = new DokaiHttp(shortLived);
            Answer created = http.create(KEY, "{}");
            assertThat(created.json()).containsEntry("expires_at", "2026-05-07T00:00:02.500Z");
            c.advance(Duration.ofSeconds(3));
            assertThat(http.read(KEY, (String) created.json().get("id")).json()).containsEntry("status", "expired");
        }
    }
}
