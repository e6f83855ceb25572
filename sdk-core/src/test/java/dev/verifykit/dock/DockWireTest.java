package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RateLimitInfo;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SkewedClockDispatcher;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dock client at the wire: what it sends, and how it reads answers, against canned responses. */
class DockWireTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    /** A pending session, as Dock answers a read. */
    static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";
    /** A completed session with its link, as Dock answers a read (also {@link FirstReadClassesTest}'s answer). */
    static final String COMPLETED = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"completed","statusReason":null,"createdAt":"2026-05-07T00:00:00.000Z",
            "expiresAt":"2026-05-07T00:05:00.000Z","terminalAt":"2026-05-07T00:01:12.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "result":{"discordId":"123456789012345678","robloxId":"156319135","verifiedAt":"2026-05-07T00:01:12.000Z",
            "linkChanged":true,"previousRobloxId":"42","linkVersion":2,"linkHash":"sha256-link-marker","newField":1}},
            "meta":{"requestId":"req_done","version":"2.0.0"},"timestamp":"2026-05-07T00:01:12.000Z"}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private DockClient client;

    private DockClient client() {
        return client(DockGuardrails.defaults());
    }

    private DockClient client(DockGuardrails guardrails) {
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).guardrails(guardrails).build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static String error(int status, String code, String message) {
        return "{\"status\":" + status + ",\"error\":\"" + code + "\",\"message\":\"" + message
                + "\",\"meta\":{\"requestId\":\"req_err\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
    }

    private static final CreateSessionParams PARAMS = CreateSessionParams.builder()
            .pid("PID-ABC12345").clientId("user_123").guildId("987654321098765432").build();

    @Test
    void createSendsTheDocumentedRequestAndReadsTheSession() throws Exception {
        server.enqueue(json(200, PENDING));

        DockSession session = client().sessions().create(PARAMS);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/dock/v2/sessions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer dock_test_free");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\",\"guildId\":\"987654321098765432\"}");
        String key = request.getHeaders().get("Idempotency-Key");
        assertThat(key).matches("[0-9a-f]{32}");
        assertThat(session.id()).isEqualTo("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        assertThat(session.status()).isEqualTo(OpenEnum.known(DockSessionStatus.PENDING));
        assertThat(session.isPending()).isTrue();
        assertThat(session.guildId()).contains("987654321098765432");
        assertThat(session.statusReason()).isEmpty();
        assertThat(session.createdAt()).isEmpty();
        assertThat(session.expiresAt()).isEqualTo(Instant.parse("2026-05-07T00:05:00Z"));
        assertThat(session.verifyUrl()).startsWith("https://api.docksys.xyz/v2/verifications/discord?pid=");
        assertThat(session.result()).isEmpty();
    }

    /**
     * An id the client would refuse when the caller passes it back (a dot segment, which a URL
     * resolves away) makes the create malformed, not the caller's later read.
     */
    @Test
    void aCreatedSessionWhoseIdAReadWouldRefuseIsMalformed() {
        server.enqueue(json(200, PENDING.replace("vsn_A1b2C3d4E5f6G7h8J9k0L1", "..")));

        assertThatThrownBy(() -> client().sessions().create(PARAMS)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("the sessionId it gave is one this client would refuse to send back")
                .hasMessageContaining("must not be \".\" or \"..\"");
    }

    @Test
    void createWithoutGuildOmitsIt() throws Exception {
        server.enqueue(json(200, PENDING));
        client().sessions().create(CreateSessionParams.builder().pid("PID-ABC12345").clientId("user_123").build());
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\"}");
    }

    /** CONTRACT.md: a guildId is "a 17–20 digit snowflake": both ends are sent as given. */
    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567", "12345678901234567890"})
    void aGuildIdOf17Or20DigitsIsSentAsGiven(String guildId) throws Exception {
        server.enqueue(json(200, PENDING.replace("987654321098765432", guildId)));

        DockSession session = client().sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_123").guildId(guildId).build());

        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\",\"guildId\":\"" + guildId + "\"}");
        assertThat(session.guildId()).contains(guildId);
    }

    /** One digit short of 17 or past 20 is not a snowflake Dock takes: refused before anything is sent. */
    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456", "123456789012345678901"})
    void aGuildIdOf16Or21DigitsIsRefusedBeforeAnyRequest(String guildId) {
        assertThatThrownBy(() -> CreateSessionParams.builder().pid("PID-ABC12345").clientId("user_123")
                .guildId(guildId).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("guildId"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aCallersIdempotencyKeyIsSentUnchangedOnEveryRetry() throws Exception {
        server.enqueue(json(503, error(503, "INTERNAL_ERROR", "busy")));
        server.enqueue(json(200, PENDING));
        IdempotencyKey key = IdempotencyKey.of("verify-user-123");

        RawResponse<DockSession> created = client().sessions().withRawResponse()
                .create(PARAMS, RequestOptions.builder().idempotencyKey(key).build());

        assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("verify-user-123");
        assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("verify-user-123");
        assertThat(created.idempotencyKey()).contains(key);
        assertThat(created.attempts()).isEqualTo(2);
    }

    @Test
    void aCompletedSessionCarriesItsLink() {
        server.enqueue(json(200, COMPLETED));
        server.enqueue(json(200, COMPLETED));

        DockSession session = client().sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(session.isCompleted()).isTrue();
        assertThat(session.isTerminal()).isTrue();
        assertThat(session.terminalAt()).contains(Instant.parse("2026-05-07T00:01:12Z"));
        LinkResult link = session.result().orElseThrow();
        assertThat(link.discordId()).isEqualTo("123456789012345678");
        assertThat(link.robloxId()).isEqualTo("156319135");
        assertThat(link.linkChanged()).isTrue();
        assertThat(link.previousRobloxId()).contains("42");
        assertThat(link.linkVersion()).isEqualTo(2);
        assertThat(link.linkHash()).isEqualTo("sha256-link-marker");
        assertThat(link.additionalProperties()).containsEntry("newField", 1.0);
        assertThat(client.sessions().withRawResponse().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1").idempotencyKey())
                .as("reads carry no key").isEmpty();
    }

    @Test
    void anUnknownStatusIsKeptAndEndsAWait() {
        server.enqueue(json(200, PENDING.replace("\"pending\"", "\"frozen\"")));
        DockSession session = client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        assertThat(session.status().value()).isEqualTo(DockSessionStatus.UNKNOWN);
        assertThat(session.status().raw()).isEqualTo("frozen");
        assertThat(session.isTerminal()).isTrue();
    }

    /**
     * Dock's clock is two minutes behind this client's, and the session has a minute left by it: the
     * expiry is read on Dock's clock (its answers' {@code Date}), so the wait goes on long-polling.
     * Compared with the client's own clock, the session seemed over and every later read went
     * unheld, each one counting against the session's poll cap.
     */
    @Test
    void aWaitReadsTheSessionsExpiryOnTheServersClock() throws Exception {
        Duration behind = Duration.ofSeconds(-120);
        String pending = PENDING.replace("2026-05-07T00:05:00.000Z", T0.plus(behind).plusSeconds(60).toString());
        server.setDispatcher(new SkewedClockDispatcher(time, behind).answer(json(200, pending), 2)
                .answer(json(200, COMPLETED), 1));

        assertThat(client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1").isCompleted()).isTrue();

        server.takeRequest();
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
    }

    @Test
    void rateLimitHeadersOfTheLastResponseAreAvailable() {
        server.enqueue(new MockResponse.Builder().code(200).body(PENDING).setHeader("X-RateLimit-Limit", "6")
                .setHeader("X-RateLimit-Remaining", "5").setHeader("X-RateLimit-Reset", "1778112010")
                .setHeader("X-RateLimit-Limit-Day", "2000").setHeader("X-RateLimit-Remaining-Day", "1999").build());
        DockClient dock = client();
        assertThat(dock.lastRateLimit()).isEmpty();

        dock.sessions().create(PARAMS);

        RateLimitInfo info = dock.lastRateLimit().orElseThrow();
        assertThat(info.limit()).hasValue(6);
        assertThat(info.remaining()).hasValue(5);
        assertThat(info.reset()).contains(Instant.ofEpochSecond(1778112010));
        assertThat(info.limitDay()).hasValue(2000);
        assertThat(info.remainingDay()).hasValue(1999);

        // an answer without the headers keeps the figures; one whose figures are not numbers has none
        server.enqueue(json(200, PENDING));
        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        assertThat(dock.lastRateLimit()).hasValue(info);
        server.enqueue(new MockResponse.Builder().code(200).body(PENDING).setHeader("x-ratelimit-limit", "six").build());
        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        assertThat(dock.lastRateLimit()).isEmpty();
    }

    /**
     * {@code RawResponse.rateLimit()}: "the {@code X-RateLimit-*} figures, when the answer carried any".
     * An answer carrying only the day's figures (the verification sessions' own daily bucket) and the
     * reset carried some: they were thrown away for want of a per-window limit or remainder.
     */
    @Test
    void theDaysFiguresAloneAreTheAnswersRateLimit() {
        server.enqueue(new MockResponse.Builder().code(200).body(PENDING).setHeader("X-RateLimit-Reset", "1778112000")
                .setHeader("X-RateLimit-Limit-Day", "2000").setHeader("X-RateLimit-Remaining-Day", "1999").build());
        DockClient dock = client();

        RawResponse<DockSession> raw = dock.sessions().withRawResponse().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        RateLimitInfo expected = RateLimitInfo.builder().reset(Instant.ofEpochSecond(1778112000L)).limitDay(2000)
                .remainingDay(1999).build();
        assertThat(raw.rateLimit()).as("the raw form's figures").hasValue(expected);
        assertThat(dock.lastRateLimit()).as("dock.lastRateLimit()").hasValue(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "400,MISSING_PARAMETER,InvalidRequestException", "400,INVALID_PARAMETER,InvalidRequestException",
            "400,INVALID_BODY,InvalidRequestException", "400,BAD_REQUEST,InvalidRequestException",
            "400,INVALID_SESSION,InvalidRequestException", "401,INVALID_API_KEY,AuthenticationException",
            "403,FORBIDDEN,PermissionException", "403,PREMIUM_REQUIRED,PermissionException",
            "404,SESSION_NOT_FOUND,NotFoundException", "404,LINK_NOT_FOUND,NotFoundException",
            "409,CONFLICT,ConflictException", "429,SHARED_IP_RATE_LIMITED,RateLimitException",
            "429,BULK_LIMIT_EXCEEDED,RateLimitException", "410,SESSION_EXPIRED,NotFoundException",
            "500,INTERNAL_ERROR,ServerException", "418,SOMETHING_NEW,ApiException"})
    void everyDocumentedErrorCodeMapsToItsExceptionWithCodeAndRequestId(int status, String code, String type) {
        server.enqueue(json(status, error(status, code, "it failed")));
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        client = dock;

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> dock.sessions().retrieve("vsn_x"));

        assertThat(thrown.getClass().getSimpleName()).isEqualTo(type);
        ApiException api = (ApiException) thrown;
        assertThat(api.code()).contains(code);
        assertThat(api.requestId()).contains("req_err");
        assertThat(api.serviceMessage()).contains("it failed");
        assertThat(api.endpoint()).contains("GET /v2/sessions/{id}");
    }

    @Test
    void theServersPollCapRefusalEndsAWaitAsPollCapException() {
        server.enqueue(json(429, "{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"Poll cap reached\","
                + "\"meta\":{\"requestId\":\"req_cap\",\"version\":\"2.0.0\",\"rateLimit\":{\"scope\":\"session_polls\","
                + "\"limit\":60,\"remaining\":0}}}"));
        assertThatThrownBy(() -> client().sessions().awaitCompletion("vsn_x"))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(60));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"404,SESSION_NOT_FOUND", "410,SESSION_EXPIRED"})
    void aSessionDockNoLongerKeepsEndsAWaitAtOnceAsNotFound(int status, String code) {
        server.enqueue(json(status, error(status, code, "gone")));
        assertThatThrownBy(() -> client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains(code));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * A member of an unexpected type (a status as text, a fractional limit, a status past an int)
     * leaves the rest of the refusal readable: before, the whole envelope was dropped, the wait
     * took the poll cap for a plain 429 and read the used-up session five more times, and the
     * refusal lost its code, message and request id.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Too Many Requests\" | 60   | 60",
        "429                   | 60.5 | -1",
        "4290000000000         | 60   | 60",
        // no count is negative: "not said" (-1), not a limit of -60 (before: -60)
        "429                   | -60  | -1"})
    void aPollCapRefusalWithAnOddMemberIsStillAPollCap(String status, String limit, int readLimit) {
        server.enqueue(json(429, "{\"status\":" + status + ",\"error\":\"RATE_LIMITED\",\"message\":\"Poll cap reached\","
                + "\"meta\":{\"requestId\":\"req_cap\",\"version\":\"2.0.0\",\"rateLimit\":{\"scope\":\"session_polls\","
                + "\"limit\":" + limit + ",\"remaining\":0}}}"));

        assertThatThrownBy(() -> client().sessions().awaitCompletion("vsn_x"))
                .isInstanceOfSatisfying(PollCapException.class, e -> {
                    assertThat(e.limit()).isEqualTo(readLimit);
                    assertThat(e.requestId()).contains("req_cap");
                    assertThat(e.getMessage()).contains("RATE_LIMITED").contains("Poll cap reached");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * The reference documents {@code Retry-After} on every 429: a poll-cap refusal that carries one
     * ({@code session_polls}, none remaining) is still the cap, ending the wait at once; it was taken
     * for an interval refusal and read again until the wait's own limit (every read refused).
     */
    @Test
    void aPollCapRefusalWithARetryAfterStillEndsTheWaitAsTheCap() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                    .setHeader("Retry-After", "2").body("{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"cap\","
                            + "\"meta\":{\"requestId\":\"req_cap\",\"rateLimit\":{\"scope\":\"session_polls\","
                            + "\"limit\":60,\"remaining\":0}}}").build());
        }

        Throwable thrown = catchThrowable(() -> client().sessions().awaitCompletion("vsn_x",
                WaitOptions.builder().maxRequests(5).build()));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(60));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * The reference documents the request id in every answer's envelope ({@code meta.requestId}) and
     * no {@code X-Request-Id} header: a success without the header had no request id at all (the
     * raw response's, a listener's), where a refusal's was read from the body.
     */
    @Test
    void theEnvelopesRequestIdIsASuccesssRequestIdWhenNoHeaderSaysIt() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\",\"pid\":\"PID-ABC12345\","
                        + "\"clientId\":\"user_123\",\"status\":\"pending\",\"statusReason\":null,"
                        + "\"expiresAt\":\"2026-05-07T00:05:00.000Z\",\"verifyUrl\":\"https://api.docksys.xyz/v2/"
                        + "verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\"},"
                        + "\"meta\":{\"version\":\"2.0.0\",\"rateLimit\":{\"requestId\":\"no\"},\"requestId\":\"req_abc123\"},"
                        + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "req_header").body("{\"status\":200,\"data\":{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\","
                        + "\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\",\"status\":\"pending\","
                        + "\"expiresAt\":\"2026-05-07T00:05:00.000Z\",\"verifyUrl\":\"https://api.docksys.xyz/v2/"
                        + "verifications/discord?pid=P&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\"},\"meta\":{\"requestId\":\"req_body\"}}")
                .build());

        RawResponse<DockSession> fromBody;
        try (DockClient first = client()) { // a client each: the second read needs no turn of the first's gate
            fromBody = first.sessions().withRawResponse()
                    .retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", Duration.ZERO, RequestOptions.none());
        }
        RawResponse<DockSession> fromHeader = client().sessions().withRawResponse()
                .retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", Duration.ZERO, RequestOptions.none());

        assertThat(fromBody.requestId()).contains("req_abc123");
        assertThat(fromHeader.requestId()).as("the header, when there is one").contains("req_header");
    }

    @Test
    void anIntervalRefusalWithRemainingPollsIsWaitedOutNotACap() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "1")
                .body("{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"Too soon\",\"meta\":{"
                        + "\"requestId\":\"req_soon\",\"rateLimit\":{\"scope\":\"session_polls\",\"limit\":60,"
                        + "\"remaining\":57}}}").build());
        server.enqueue(json(200, COMPLETED));

        DockSession done = client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(done.isCompleted()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).anySatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aReadAnsweredAboutAnotherSessionIsMalformedNeverTakenForIt() {
        server.enqueue(json(200, COMPLETED));
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        client = dock;

        // a proxy or cache that mixed answers up: before, session B was reported completed with A's link
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_B1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e)
                        .hasMessageContaining("of session vsn_B1b2C3d4E5f6G7h8J9k0L1 was about another session"));
    }

    /** A create took an answer about another client id (a leftover on a kept connection) for its own session. */
    @Test
    void aCreateAnsweredForAnotherClientIdOrPidIsMalformedNeverTakenForIt() {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, PENDING));
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        client = dock;

        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_456").build())).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e)
                        .hasMessageContaining("POST /v2/sessions was answered with a session of another client id or pid"));
        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-OTHER123")
                .clientId("user_123").build())).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void anHtmlErrorPageMapsByStatus() {
        server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        client = dock;
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_x")).isInstanceOf(ServerException.class);
    }

    @Test
    void aSuccessWithoutDataIsMalformed() {
        server.enqueue(json(200, "{\"status\":200,\"meta\":{\"requestId\":\"req_1\"}}"));
        server.enqueue(json(200, "{\"status\":200,\"data\":{\"id\":\"vsn_1\"},\"meta\":{\"requestId\":\"req_2\"}}"));
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        client = dock;
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("no data");
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("status");
    }

    /**
     * A wait whose reads have a timeout (the request options') holds each long-poll a second less
     * than it: before, each read asked to be held 25 s and was cut at its timeout, so the wait
     * failed with a transport timeout however long its own deadline. The timeout is also each
     * attempt's limit in real time, which the answer (at once) must beat: 10.5 s, not 3.5 s, so that
     * a machine stalled for a few seconds does not cut it.
     */
    @Test
    void aWaitHoldsEachLongPollWithinItsReadsTimeout() throws Exception {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, COMPLETED));
        DockGuardrails guardrails = DockGuardrails.builder().holdSpread(Duration.ZERO).build();

        DockSession done = client(guardrails).sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                WaitOptions.defaults(), RequestOptions.builder().timeout(Duration.ofMillis(10_500)).build());

        assertThat(done.isCompleted()).isTrue();
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("9");
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("9");
    }

    /**
     * The answer comes 1.5 s after the read, past its 1-s read timeout but within its hold: the
     * hold (10 s) is added to the read timeout. (With a 2-s hold the answer had 1.5 s to spare, which
     * a stalled machine could use up; the answer is as late as before, so a read cut at its read
     * timeout still fails.)
     */
    @Test
    void aLongPollRetrieveSendsTheWaitAndIsNotCutByTheReadTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(COMPLETED)
                .headersDelay(1500, TimeUnit.MILLISECONDS).build());
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .readTimeout(Duration.ofSeconds(1)).build();
        client = dock;

        DockSession session = dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", Duration.ofSeconds(10));

        assertThat(session.isCompleted()).isTrue();
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("10");
    }

    @Test
    void readsOfOneSessionArePacedAtTheMinimumIntervalFromTheAnswer() {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, PENDING));
        DockClient dock = client();

        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(time.sleeps()).as("the first answer came at once in virtual time: 2 s from it, no margin")
                .containsExactly(Duration.ofSeconds(2));
    }

    /**
     * A long-poll answered "pending" sooner than its hold was not held (Dock ignored the wait, or was
     * restarting), so when it reached Dock is unknown up to its answer. Here the first one reached
     * Dock 1.5 s after it was sent (a slow trip) and was answered at once: the next must reach Dock
     * 2 s after it, so it is sent 2 s after that answer. Taking the answer for a whole hold sent it
     * 2 s after the first was sent, and it arrived 0.5 s after the first: a 429 at Dock.
     */
    @Test
    void aLongPollAnsweredPendingSoonerThanItsHoldIsPacedFromItsAnswer() {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (arrivals.isEmpty()) {
                    time.advance(Duration.ofMillis(1500)); // the first request's slow trip
                }
                arrivals.add(time.nanoTime());
                return json(200, arrivals.size() < 3 ? PENDING : COMPLETED);
            }
        });

        assertThat(client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1").isCompleted()).isTrue();

        assertThat(arrivals).hasSize(3);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1))).as("arrival %d after %d", i + 1, i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void readsStopAtThePlanCapWithoutSending() {
        DockGuardrails tiny = DockGuardrails.builder().freePollCap(2).minPollInterval(Duration.ofMillis(1)).build();
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, PENDING));
        DockClient dock = client(tiny);
        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(2));
        assertThat(server.getRequestCount()).isEqualTo(2);
        server.enqueue(json(200, PENDING.replace("vsn_A1b2C3d4E5f6G7h8J9k0L1", "vsn_other")));
        dock.sessions().retrieve("vsn_other");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void premiumPlanHasTheLargerCap() {
        DockClient dock = DockClient.builder().apiKey("k").plan(DockPlan.PREMIUM).build();
        client = dock;
        assertThat(dock.guardrails().pollCap(dock.plan())).isEqualTo(150);
        assertThat(DockGuardrails.defaults().pollCap(DockPlan.FREE)).isEqualTo(60);
    }

    @Test
    void createsBeyondTheBucketWaitForATokenInVirtualTime() {
        for (int i = 0; i < 7; i++) {
            server.enqueue(json(200, PENDING));
        }
        DockClient dock = client();
        for (int i = 0; i < 7; i++) {
            dock.sessions().create(PARAMS);
        }
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(10));
        assertThat(server.getRequestCount()).isEqualTo(7);
    }

    @Test
    void createsFailFastWhenConfiguredWithoutSending() {
        for (int i = 0; i < 6; i++) {
            server.enqueue(json(200, PENDING));
        }
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).createTokenWait(Duration.ZERO).build();
        client = dock;
        for (int i = 0; i < 6; i++) {
            dock.sessions().create(PARAMS);
        }

        assertThatThrownBy(() -> dock.sessions().create(PARAMS))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(10));
                    assertThat(e.code()).contains("RATE_LIMITED");
                    assertThat(e.getMessage()).contains("nothing was sent");
                });
        assertThat(server.getRequestCount()).isEqualTo(6);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aReusedSessionGivesItsTokenBack() {
        for (int i = 0; i < 8; i++) {
            server.enqueue(json(200, PENDING.replace("\"reusedExisting\":false", "\"reusedExisting\":true")));
        }
        DockClient dock = client();
        for (int i = 0; i < 8; i++) {
            assertThat(dock.sessions().create(PARAMS).reusedExisting()).isTrue();
        }
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void invalidInputIsRefusedBeforeAnyRequest() {
        DockClient dock = client();
        assertThatThrownBy(() -> CreateSessionParams.builder().clientId("u").build()).hasMessageStartingWith("pid:");
        assertThatThrownBy(() -> CreateSessionParams.builder().pid(" ").clientId("u").build()).hasMessageStartingWith("pid:");
        // a pid read with its line break from the file or environment the API key comes from was sent as
        // is, which no key owns: every create refused by Dock (403 FORBIDDEN)
        for (String padded : new String[] {"PID-FREE0001\n", " PID-FREE0001", "PID-FREE\u00000001", "\uFEFFPID-FREE0001",
            "PID-FREE0001\u00A0", "PID-FREE0001\u200B", "\u200BPID-FREE0001", "PID-FREE0001\u2060"}) {
            assertThatThrownBy(() -> CreateSessionParams.builder().pid(padded).clientId("u").build())
                    .hasMessageStartingWith("pid:");
        }
        assertThatThrownBy(() -> CreateSessionParams.builder().pid("P").build()).hasMessageStartingWith("clientId:");
        assertThatThrownBy(() -> CreateSessionParams.builder().pid("P").clientId("x".repeat(129)).build())
                .hasMessageStartingWith("clientId:");
        assertThatThrownBy(() -> CreateSessionParams.builder().pid("P").clientId("u").guildId("123").build())
                .hasMessageStartingWith("guildId:");
        assertThatThrownBy(() -> CreateSessionParams.builder().pid("P").clientId("u").guildId("98765432109876543a").build())
                .hasMessageStartingWith("guildId:");
        assertThatThrownBy(() -> dock.sessions().create(null)).hasMessageStartingWith("params:");
        assertThatThrownBy(() -> dock.sessions().retrieve(" ")).hasMessageStartingWith("sessionId:");
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1", Duration.ofSeconds(26))).hasMessageStartingWith("wait:");
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1", Duration.ofMillis(1500))).hasMessageStartingWith("wait:");
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1", Duration.ofSeconds(-1))).hasMessageStartingWith("wait:");
        assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_1",
                WaitOptions.builder().pollInterval(Duration.ofSeconds(1)).build()))
                .hasMessageStartingWith("pollInterval:");
        assertThat(server.getRequestCount()).isZero();
    }

    /** CONTRACT.md refuses a clientId "over 128 chars": 128 are taken (129 are refused above). */
    @Test
    void aClientIdOfExactly128CharactersIsTaken() {
        CreateSessionParams params = CreateSessionParams.builder().pid("P").clientId("x".repeat(128)).build();

        assertThat(params.clientId()).hasSize(128);
    }

    @Test
    void theBuilderRefusesMissingOrBadSettings() {
        assertThatThrownBy(() -> DockClient.builder().build()).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("apiKey"));
        assertThatThrownBy(() -> DockClient.builder().apiKey(" ").build()).hasMessageStartingWith("apiKey:");
        assertThatThrownBy(() -> DockClient.builder().apiKey("k").baseUrl("http://api.docksys.xyz").build())
                .hasMessageStartingWith("baseUrl:");
        assertThatThrownBy(() -> DockClient.builder().apiKey("k").createTokenWait(Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("createTokenWait:");
        assertThatThrownBy(() -> DockGuardrails.builder().maxWait(Duration.ofMillis(2500)).build())
                .hasMessageStartingWith("maxWait:");
        // a null maxWait was a NullPointerException from holdSpread's default, not the promised refusal
        assertThatThrownBy(() -> DockGuardrails.builder().maxWait(null).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxWait"));
        for (Duration bad : new Duration[] {Duration.ofSeconds(25), Duration.ofSeconds(-1), Duration.ofMillis(1500), null}) {
            assertThatThrownBy(() -> DockGuardrails.builder().holdSpread(bad).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("holdSpread"));
        }
        assertThat(DockGuardrails.builder().maxWait(Duration.ofSeconds(9)).build().holdSpread())
                .as("half of maxWait, in whole seconds").isEqualTo(Duration.ofSeconds(4));
        // the poll caps' documented range, 1 to 1,000,000
        assertThatThrownBy(() -> DockGuardrails.builder().freePollCap(0).build()).hasMessageStartingWith("freePollCap:");
        assertThatThrownBy(() -> DockGuardrails.builder().premiumPollCap(1_000_001).build())
                .hasMessageStartingWith("premiumPollCap:");
        assertThat(DockGuardrails.builder().freePollCap(1_000_000).premiumPollCap(1).build().pollCap(DockPlan.FREE))
                .isEqualTo(1_000_000);
    }

    /**
     * The "whole seconds" rule of {@code maxWait}, {@code holdSpread} and a read's {@code wait} (Dock
     * takes {@code ?wait=} in seconds) looked at whole milliseconds only: 25 s and 1 ns, or 12 s and
     * 999 µs, were taken for whole seconds, and the fraction silently dropped.
     */
    @Test
    void aFractionOfAMillisecondPastAWholeSecondIsNotWholeSeconds() {
        assertThatThrownBy(() -> DockGuardrails.builder().maxWait(Duration.ofSeconds(25).plusNanos(1)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxWait"));
        assertThatThrownBy(() -> DockGuardrails.builder().holdSpread(Duration.ofSeconds(12).plusNanos(999_000)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("holdSpread"));
        assertThatThrownBy(() -> client().sessions().retrieve("vsn_1", Duration.ofSeconds(2).plusNanos(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("wait"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void onlyTheFirstLongPollOfAWaitHoldsLessThanMaxWait() throws Exception {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, COMPLETED));

        assertThat(client().sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1").isCompleted()).isTrue();

        assertThat(Long.parseLong(server.takeRequest().getUrl().queryParameter("wait")))
                .as("maxWait 25 s less up to holdSpread 12 s").isBetween(13L, 25L);
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
    }

    @Test
    void aHoldSpreadOfZeroHoldsEveryLongPollForMaxWait() throws Exception {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, COMPLETED));

        client(DockGuardrails.builder().holdSpread(Duration.ZERO).build()).sessions()
                .awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
        assertThat(server.takeRequest().getUrl().queryParameter("wait")).isEqualTo("25");
    }

    @Test
    void theApiKeyNeverShowsInToStringOrMessages() {
        server.enqueue(json(401, error(401, "INVALID_API_KEY", "Invalid API key dock_test_free")));
        DockClient dock = client();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> dock.sessions().retrieve("vsn_1"));
        assertThat(thrown).isInstanceOf(AuthenticationException.class);
        assertThat(thrown.getMessage()).doesNotContain("dock_test_free");
        assertThat(dock.toString()).doesNotContain("dock_test_free");
    }

    @Test
    void buildersLetIntegratorsBuildFakes() {
        DockSession fake = DockSession.builder().id("vsn_1").pid("PID").clientId("u")
                .status(DockSessionStatus.COMPLETED).expiresAt(T0).verifyUrl("https://x")
                .result(LinkResult.builder().discordId("1").robloxId("2").verifiedAt(T0).linkVersion(1)
                        .linkHash("sha256-x").build())
                .build();
        assertThat(fake.result().orElseThrow().previousRobloxId()).isEmpty();
        assertThat(fake.guildId()).isEmpty();
        assertThat(fake.additionalProperties()).isEmpty();
        assertThat(fake.toBuilder().build()).isEqualTo(fake).hasSameHashCodeAs(fake);
        assertThat(fake.toBuilder().guildId("987654321098765432").build()).isNotEqualTo(fake);
        assertThat(fake.toString()).startsWith("DockSession{id=vsn_1").contains("status=completed");
        assertThatThrownBy(() -> DockSession.builder().id("vsn_1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status").hasMessageContaining("expiresAt");
    }

    /** A field the service adds is kept and readable, and left out of toString() (it may hold personal data). */
    @Test
    void unknownFieldsAreKeptAsAdditionalProperties() {
        server.enqueue(json(200, PENDING.replace("\"reusedExisting\":false", "\"reusedExisting\":false,"
                + "\"riskScore\":0.25,\"labels\":[\"a\"],\"note\":null")));

        DockSession session = client().sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(session.additionalProperties()).containsEntry("riskScore", 0.25)
                .containsEntry("labels", List.of("a")).containsEntry("note", null);
        assertThat(session.toString()).contains("additionalProperties=[REDACTED]").doesNotContain("0.25");
    }

    /**
     * An {@link Error} while a waiting call's answer is read (here from a body that throws one) was
     * thrown back to OkHttp's thread and lost, leaving the wait without an answer forever; now the
     * wait fails with a VerifyKitException that carries it.
     */
    @Test
    void anErrorWhileReadingAnAnswerFailsTheWaitInsteadOfLosingIt() throws Exception {
        server.enqueue(json(200, PENDING));
        okhttp3.OkHttpClient throwingBodies = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            okio.Source exploding = new okio.ForwardingSource(response.body().source()) {
                @Override
                public long read(okio.Buffer sink, long byteCount) {
                    throw new StackOverflowError("deep in a body reader");
                }
            };
            return response.newBuilder().body(okhttp3.ResponseBody.create(okio.Okio.buffer(exploding),
                    response.body().contentType(), -1)).build();
        }).build();
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .okHttpClient(throwingBodies).build();

        CompletableFuture<DockSession> wait =
                client.sessions().awaitCompletionAsync("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThatThrownBy(() -> wait.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(VerifyKitException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        throwingBodies.dispatcher().executorService().shutdown();
    }

    /**
     * A wait's deadline bounds the call in flight: each read's time limit is the time the wait has
     * left, and its long-poll holds no longer, so a server that holds the answer's head (or never
     * answers) cannot keep a 3-s wait for 22 s (or 32 s), as it did. Checked on the calls themselves,
     * not on the clock: the read is cancelled (the server holds its answer for 40 s; without the
     * bound, the read would end with that answer, not cancelled). The wait is 10 s long, and the hold
     * it asked for is checked against what it had left (at most 9 whole seconds, 25 without the
     * bound), not for an exact value: with a 3-s wait, a machine that took a second to send the read
     * asked "wait=1", not the "2" that was expected.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aWaitsTimeoutBoundsTheCallInFlight() {
        server.enqueue(new MockResponse.Builder().code(200).body(PENDING).headersDelay(40, TimeUnit.SECONDS).build());
        List<Call> calls = new CopyOnWriteArrayList<>();
        List<String> waits = new CopyOnWriteArrayList<>();
        okhttp3.OkHttpClient recording = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            calls.add(chain.call());
            waits.add(chain.request().url().queryParameter("wait"));
            return chain.proceed(chain.request());
        }).build();
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .okHttpClient(recording).build();

        assertThatThrownBy(() -> client.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                WaitOptions.builder().timeout(Duration.ofSeconds(10)).build()))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("timed out: no complete answer within the attempt's time limit (what was left of"
                        + " the call's timeout)");
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.isCanceled()).isTrue());
        assertThat(waits).singleElement().as("the hold asked, within what the 10-s wait had left")
                .satisfies(wait -> assertThat(Integer.parseInt(wait)).isBetween(1, 9));
        recording.dispatcher().executorService().shutdown();
    }

    /**
     * A link value of another type than Dock documents is a malformed answer naming its field, as the
     * SDK's other answers are read: Moshi's lenient {@code nextInt()}/{@code nextString()} read a
     * {@code linkVersion} sent as the text {@code "2"} as the number 2, and a {@code discordId} sent as
     * the number {@code 1.5} as the Discord id {@code "1.5"}, stored as the user's link.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"linkVersion\":2                     | \"linkVersion\":\"2\"   | linkVersion",
        "\"discordId\":\"123456789012345678\"  | \"discordId\":1.5       | discordId",
        "\"robloxId\":\"156319135\"            | \"robloxId\":156319.135 | robloxId"})
    void aLinkValueOfAnotherTypeIsMalformedNamingItsField(String documented, String sent, String field) {
        String body = COMPLETED.replace(documented, sent);
        assertThat(body).isNotEqualTo(COMPLETED);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .maxRetries(0).build();

        assertThat(catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"))).as("the read of %s", sent)
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("$.data.result." + field);
    }

    /**
     * A create answered with a session that leaves out {@code clientId} ({@link DockSession#clientId()}:
     * "{@code null} when the service left it out"): Dock made the session and took a create token, but
     * the refusal said the answer was about "another client id or pid" and named no session, where
     * Dokai's like refusal names the session created.
     */
    @Test
    void aCreateAnswerLeavingOutTheClientIdIsRefusedNamingTheFieldAndTheSessionMade() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(PENDING.replace("\"clientId\":\"user_123\",", "")).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .maxRetries(0).build();

        assertThat(catchThrowable(() -> client.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_123").build()))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("the session vsn_A1b2C3d4E5f6G7h8J9k0L1 was created, but its answer leaves out its clientId")
                .hasMessageNotContaining("another client id");
    }

    /**
     * README ("Retries"): a keyed create is not sent again after a malformed answer, "the write was
     * made: the error names the session when the answer did". An answer naming its session but
     * malformed elsewhere (a {@code javascript:} verifyUrl, no {@code expiresAt}, a status of another
     * type) named none, so the caller could not find the session Dock made and took a token for.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\" | \"javascript:alert(1)\"",
        "\"expiresAt\":\"2026-05-07T00:05:00.000Z\",                                                      | ''",
        "\"status\":\"pending\"                                                                            | \"status\":[\"pending\"]"})
    void aCreateAnswerMalformedElsewhereNamesTheSessionDockMade(String documented, String sent) {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(PENDING.replace(documented, sent)).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .build();

        assertThat(catchThrowable(() -> client.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_123").build()))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("POST /v2/sessions: the session vsn_A1b2C3d4E5f6G7h8J9k0L1 was created, but its answer"
                        + " is a malformed response (HTTP 200");
        assertThat(server.getRequestCount()).as("not sent again").isEqualTo(1);
    }

    /**
     * As above, with the session's id sent as a number, which every reader of the SDK takes for its
     * digits ({@code Values.text}: "an id a service sent as a number"): the create's answer named its
     * session, but decodeCreated looked for a JSON string only, so the error named none.
     */
    @Test
    void aCreateAnswerMalformedElsewhereNamesTheSessionDockMadeWhenItsIdIsANumber() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(PENDING.replace("\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\"", "\"id\":156319135")
                        .replace("\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\"",
                                "\"javascript:alert(1)\"")).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .build();

        assertThat(catchThrowable(() -> client.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_123").build()))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("POST /v2/sessions: the session 156319135 was created, but its answer");
        assertThat(server.getRequestCount()).as("not sent again").isEqualTo(1);
    }

    /**
     * An answer meant for another create (a leftover on a kept connection, RELIABILITY) "is never
     * taken for it" (forCreate): one that is also malformed elsewhere was, by decodeCreated, which
     * names its session as the one "created" before the pid and client id are compared, so the caller
     * follows another client's session (and its link result, another user's).
     */
    @Test
    void aMalformedCreateAnswerAboutAnotherClientIdNamesNoSessionAsTheOneCreated() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(PENDING.replace("\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\"",
                        "\"javascript:alert(1)\"")).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .build();

        assertThat(catchThrowable(() -> client.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345")
                .clientId("user_456").build()))).isInstanceOf(MalformedResponseException.class)
                .hasMessageNotContaining("vsn_A1b2C3d4E5f6G7h8J9k0L1 was created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", " .. "})
    void aSessionIdThatIsADotSegmentIsRefusedBeforeAnythingIsSent(String id) {
        // a URL resolves "..": the read would go to /dock/v2, with the API key
        DockSessions sessions = client().sessions();
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> sessions.retrieve(id),
                () -> sessions.awaitCompletion(id),
                () -> sessions.awaitCompletionAsync(id))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.field()).isEqualTo("sessionId"));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vsn_a/../../v2/lookups", "vsn_a\\..\\x", "vsn_a?wait=25", "vsn_a#x", "vsn_a\u0000b", "vsn_a\nb",
            "vsn_a\u007f", "vsn_a\uD800", "vsn_a\u0085forged log line", "vsn_a\u009b31m", "vsn_a\u2028forged", "vsn_a\u202Eevil"})
    void aSessionIdWithASeparatorAControlCharacterOrALoneSurrogateIsRefusedBeforeAnythingIsSent(String id) {
        // a server that decodes %2F (or takes a backslash for a slash) would route the read, with the API key, elsewhere;
        // a lone surrogate, which UTF-8 cannot carry, was sent as '?' (%3F): a read of an id never given; the C1
        // controls, line separators and bidi controls (what messages escape) were sent, and quoted raw in
        // "… of session … was about another session", a log line forged
        DockSessions sessions = client().sessions();
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> sessions.retrieve(id),
                () -> sessions.awaitCompletion(id),
                () -> sessions.awaitCompletionAsync(id))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.field()).isEqualTo("sessionId");
                assertThat(e.getMessage()).doesNotContain(id.trim());
            });
        }
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * An id may hold {@code %} (Dock documents no alphabet for its ids; only what a URL or a log reads as
     * structure is refused), so an id already holding an encoded separator or dot segment is accepted: it
     * is sent with its {@code %} escaped ({@code %25}), and the path the server decodes still has the id as
     * the one segment after {@code /v2/sessions}, never a separator, a query or a dot segment that would
     * take the read, with the API key, to another endpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"%2E%2E", "vsn_a%2F..%2F..%2Fv2%2Flookups", "vsn_a%2fb", "vsn_a%3Fwait=25", "vsn_a%23x",
            "vsn_a%5C..%5Cx", "vsn_a%252F"})
    void aSessionIdHoldingAPercentEncodedSeparatorStaysOneSegmentOfTheReadsPath(String id) throws Exception {
        DockSessions sessions = client().sessions();
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> sessions.retrieve(id),
                () -> sessions.awaitCompletion(id))) {
            server.enqueue(json(404, error(404, "SESSION_NOT_FOUND", "no such session")));

            assertThatThrownBy(call).isInstanceOf(NotFoundException.class);

            RecordedRequest read = server.takeRequest();
            assertThat(read.getUrl().encodedPath()).isEqualTo("/dock/v2/sessions/" + id.replace("%", "%25"));
            assertThat(read.getUrl().pathSegments()).containsExactly("dock", "v2", "sessions", id);
            assertThat(read.getUrl().queryParameterNames()).as("a long-poll's own ?wait= at most").isSubsetOf("wait");
            assertThat(read.getUrl().queryParameterValues("wait")).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void aWaitsTimeoutHoldsWhileItsCallIsQueuedBehindOthers() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(PENDING).headersDelay(40, TimeUnit.SECONDS).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxConcurrentWaits(1).build();
        CompletableFuture<DockSession> holding = client.sessions().awaitCompletionAsync("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        // the one slot of the wait dispatcher is taken by a held long-poll
        assertThat(server.takeRequest(1, TimeUnit.MINUTES)).isNotNull();

        CompletableFuture<DockSession> queued = client.sessions().awaitCompletionAsync("vsn_B1b2C3d4E5f6G7h8J9k0L1",
                WaitOptions.builder().timeout(Duration.ofSeconds(2)).build());

        // before, the queued call's limit started only when the dispatcher ran it: after the 40-s hold
        assertThatThrownBy(() -> queued.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("deadline");
        assertThat(holding).isNotDone();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** A client whose guardrails cap a session at {@code cap} reads, its reads answered pending. */
    private DockClient cappedAt(int cap) {
        for (int i = 0; i < cap + 2; i++) {
            server.enqueue(json(200, PENDING));
        }
        return client(DockGuardrails.builder().freePollCap(cap).build());
    }

    /**
     * Dock's own poll cap ({@link DockGuardrails#pollCap}, 60 or 150 reads a session, kept by the guardrail
     * store): a wait whose read used the session's last allowed read and answered {@code pending} knows at
     * that answer that no read can follow, as a wait at its own {@code WaitOptions.maxRequests} does (which
     * ends at once, CHANGELOG). It slept a further interval (or the next hold), sending nothing, before it
     * threw the {@code PollCapException}.
     */
    @Test
    void aLongPollWaitEndsAtTheSessionsLastAllowedReadNotAHoldLater() {
        DockClient dock = cappedAt(2);

        assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1"))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).as("the pause between the two reads, none after the last").hasSize(1);
    }

    @Test
    void aPlainPollingWaitEndsAtTheSessionsLastAllowedReadNotAnIntervalLater() {
        DockClient dock = cappedAt(1);

        assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                WaitOptions.builder().pollInterval(Duration.ofSeconds(30)).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }

    /** The same when the last allowed read failed: a 503 asking for ten minutes was waited out first. */
    @Test
    void aWaitWhoseLastAllowedReadFailedEndsAtThatFailureNotAfterItsRetryDelay() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "600").body("{\"status\":503,\"error\":\"SERVICE_UNAVAILABLE\","
                        + "\"message\":\"down\"}").build());
        DockClient dock = cappedAt(1);

        assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                WaitOptions.builder().pollInterval(Duration.ofSeconds(30)).build()))
                .isInstanceOf(PollCapException.class)
                .cause().as("the last read's refusal, its hint kept").isInstanceOfSatisfying(ApiException.class,
                        refusal -> assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(10)));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }

    /**
     * Dock's v2 envelope ({@code reference/README.md}: {@code error}, {@code message}, {@code meta.requestId},
     * {@code meta.rateLimit}) is read member by member: a refusal that says only some of them still gives
     * what it says, and what it leaves out is taken from the answer's head or left unsaid, never made up.
     */
    private Throwable retrieveAnswered(MockResponse answer) {
        server.enqueue(answer);
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).maxRetries(0).build();
        return catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));
    }

    /** A gateway's envelope with a message and no code: the exception of its status, with the message and the header's request id. */
    @Test
    void aRefusalWithAMessageAndNoCodeIsMappedByStatusKeepingTheMessageAndTheHeadersRequestId() {
        Throwable thrown = retrieveAnswered(json(503, "{\"status\":503,\"message\":\"Down for maintenance\"}").newBuilder()
                .setHeader("X-Request-Id", "req_head").build());

        assertThat(thrown).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.code()).isEmpty();
            assertThat(e.serviceMessage()).contains("Down for maintenance");
            assertThat(e.requestId()).contains("req_head");
            assertThat(e.httpStatus()).isEqualTo(503);
        });
    }

    /** The code alone picks the exception: SESSION_EXPIRED is a NotFoundException, whatever the status (410 alone says nothing typed). */
    @Test
    void aRefusalWithACodeAndNoOtherMemberIsTheExceptionOfItsCode() {
        Throwable thrown = retrieveAnswered(json(410, "{\"status\":410,\"error\":\"SESSION_EXPIRED\",\"message\":null}"));

        assertThat(thrown).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.code()).contains("SESSION_EXPIRED"));
    }

    /** CONTRACT.md: the cap's refusal is {@code meta.rateLimit = {"scope":"session_polls","limit":60,"remaining":0}}; that mark alone is the cap. */
    @Test
    void thePollCapMarkAloneIsThePollCap() {
        Throwable thrown = retrieveAnswered(json(429, "{\"status\":429,\"error\":null,\"message\":null,\"meta\":"
                + "{\"rateLimit\":{\"scope\":\"session_polls\",\"limit\":60,\"remaining\":0}}}"));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(60));
    }

    /** An error page that is no JSON names no request id when no header does (none is made up from the body). */
    @Test
    void anErrorPageThatIsNoJsonHasNoRequestId() {
        Throwable thrown = retrieveAnswered(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());

        assertThat(thrown).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e).isInstanceOf(ServerException.class);
            assertThat(e.requestId()).isEmpty();
        });
    }
}
