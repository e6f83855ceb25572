package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SkewedClockDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The RPC clients at the wire: tRPC requests, outputs, error envelopes and pacing, against canned answers. */
class RpcWireTest extends CannedRpcAnswers {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String SECRET = "game-secret-7d1f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";

    RpcWireTest() {
        super(T0);
    }

    private RobloxVerificationClient rpc() {
        return rpc(RpcTransformer.NONE);
    }

    private RobloxGameServerClient game(RpcTransformer transformer) {
        return game(SECRET, transformer);
    }

    static String jwt(Instant issued, Instant expires) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"robloxUserId\":\"156319135\",\"username\":\"builder\",\"iat\":"
                + issued.getEpochSecond() + ",\"exp\":" + expires.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    private static MockResponse ok(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    private static MockResponse trpcError(int status, int number, String code, String message, String path) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":" + quote(message) + ",\"code\":" + number + ",\"data\":{\"code\":\"" + code
                        + "\",\"httpStatus\":" + status + ",\"path\":\"" + path
                        + "\",\"stack\":\"Error: at secretFile.ts:12\"}}}").build();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pending() {
        return "{\"status\":\"pending\",\"expiresAt\":" + T0.plusSeconds(600).toEpochMilli() + ",\"code\":\"482913\"}";
    }

    @Test
    void beginIsAMutationWithNoInputAndReadsTheStart() throws Exception {
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":1818}"));

        VerificationStart start = rpc().beginVerification();

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/roblox/auth.beginVerification");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getBodySize()).isZero();
        assertThat(start).isEqualTo(VerificationStart.builder().sessionId(SESSION).code("482913")
                .expiresAt(T0.plusSeconds(600)).placeId(1818).build());
    }

    /**
     * A session id or a code the client would refuse when the caller passes it back (no UUID; a
     * code the game server could not submit) makes the start malformed: before, {@code begin} took
     * it and the caller's next call was refused with a ValidationException blaming the caller.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not-a-uuid                           | 482913 | the sessionId it gave | must be a UUID",
        "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f | ''     | the code it gave      | must be 6 to 12 characters once trimmed (was 0)"})
    void aStartWithAValueTheClientWouldRefuseBackIsMalformed(String sessionId, String code, String which, String rule) {
        server.enqueue(ok("{\"sessionId\":\"" + sessionId + "\",\"code\":\"" + code + "\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":\"1818\"}"));

        assertThatThrownBy(() -> rpc().beginVerification()).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining(which + " is one this client would refuse to send back").hasMessageContaining(rule);
    }

    /**
     * A pending check's code is the code to show (the Javadoc's {@code show("enter " + p.code())}), and
     * the one the game server submits: a code the client would refuse to send back (here empty) makes the
     * answer malformed, as it makes a start malformed. Before, {@code begin} refused it but
     * {@code checkVerification} returned it as a code to show, and the game server's completion of it
     * was refused with a ValidationException blaming its caller.
     */
    @Test
    void aPendingCheckWhoseCodeCouldNotBeSubmittedIsMalformed() {
        for (int i = 0; i < 4; i++) { // each read's retry
            server.enqueue(ok("{\"status\":\"pending\",\"expiresAt\":" + T0.plusSeconds(600).toEpochMilli()
                    + ",\"code\":\"\"}"));
        }

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("the code it gave is one this client would refuse to send back")
                .hasMessageContaining("must be 6 to 12 characters once trimmed (was 0)");
    }

    /**
     * A text field sent as a whole number (a Roblox user id, a code) reads as its digits: before,
     * the output's JSON tree held it as a double and it read {@code "1.56319135E8"} and
     * {@code "482913.0"}. A fraction is refused, not read one way or another.
     */
    @Test
    void textSentAsAWholeNumberReadsAsItsDigits() {
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + jwt(T0, T0.plusSeconds(3600))
                + "\",\"user\":{\"robloxUserId\":156319135,\"username\":\"builder\"}}"));
        server.enqueue(ok("{\"status\":\"pending\",\"expiresAt\":" + T0.plusSeconds(600).toEpochMilli()
                + ",\"code\":482913}"));
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":4829.13,\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":\"1818\"}"));
        RobloxVerificationClient rpc = rpc();

        assertThat(rpc.checkVerification(SESSION)).isInstanceOfSatisfying(VerificationStatus.Verified.class,
                v -> assertThat(v.user().robloxUserId()).isEqualTo("156319135"));
        time.advance(Duration.ofSeconds(2));
        assertThat(rpc.checkVerification(SESSION)).isInstanceOfSatisfying(VerificationStatus.Pending.class,
                p -> assertThat(p.code()).isEqualTo("482913"));
        assertThatThrownBy(rpc::beginVerification).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("a number where text was expected at $.code");
    }

    @Test
    void theRawFormsCarryTheAnswersStatusHeadersAndAttempts() {
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":1818}").newBuilder().setHeader("X-Request-Id", "req_begin").build());
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(ok(pending()).newBuilder().setHeader("X-Trace", "t-1").build());
        server.enqueue(ok("{\"ok\":true}"));

        RawResponse<VerificationStart> begun = rpc().withRawResponse().beginVerification(RequestOptions.none());
        RawResponse<VerificationStatus> checked = rpc.withRawResponse().checkVerification(SESSION, RequestOptions.none());
        RawResponse<Void> completed = game(RpcTransformer.NONE).withRawResponse()
                .completeVerification("482913", "156319135", RequestOptions.none());

        assertThat(begun.statusCode()).isEqualTo(200);
        assertThat(begun.requestId()).contains("req_begin");
        assertThat(begun.value().sessionId()).isEqualTo(SESSION);
        assertThat(begun.attempts()).isEqualTo(1);
        assertThat(checked.header("x-trace")).contains("t-1");
        assertThat(checked.value()).isInstanceOf(VerificationStatus.Pending.class);
        assertThat(checked.attempts()).as("the 503 was tried again").isEqualTo(2);
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(completed.value()).isNull();
        assertThat(completed.headers()).containsKey("content-type");
    }

    /** The raw refresh, as the others: the answer's status, headers and request id beside the session. */
    @Test
    void theRawRefreshCarriesTheAnswersStatusHeadersAndTheSession() {
        String first = jwt(T0, T0.plusSeconds(3600));
        String second = jwt(T0.plusSeconds(3400), T0.plusSeconds(7000));
        server.enqueue(ok("{\"jwt\":\"" + second + "\",\"user\":" + USER + "}").newBuilder()
                .setHeader("X-Request-Id", "req_refresh").build());

        RawResponse<AuthSession> refreshed = rpc().withRawResponse().refresh(first, RequestOptions.none());

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.requestId()).contains("req_refresh");
        assertThat(refreshed.attempts()).isEqualTo(1);
        assertThat(refreshed.value().jwt()).isEqualTo(second);
        assertThat(refreshed.value().user().robloxUserId()).isEqualTo("156319135");
    }

    @Test
    void checkSendsTheSessionIdAndReadsEachStatus() throws Exception {
        String token = jwt(T0, T0.plusSeconds(3600));
        server.enqueue(ok(pending()));
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}"));
        server.enqueue(ok("{\"status\":\"expired\"}"));
        RobloxVerificationClient rpc = rpc();

        assertThat(rpc.checkVerification(SESSION))
                .isEqualTo(VerificationStatus.Pending.builder().code("482913").expiresAt(T0.plusSeconds(600)).build());
        VerificationStatus verified = rpc.checkVerification(SESSION);
        assertThat(rpc.checkVerification(SESSION)).isEqualTo(VerificationStatus.Expired.instance());

        assertThat(verified).isInstanceOfSatisfying(VerificationStatus.Verified.class, v -> {
            assertThat(v.jwt()).isEqualTo(token);
            assertThat(v.user()).isEqualTo(RobloxUser.builder().robloxUserId("156319135").username("builder")
                    .displayName("Builder").picture("https://tr.rbxcdn.com/x.png").build());
            assertThat(v.toString()).doesNotContain(token).contains("builder");
        });
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/roblox/auth.checkVerification");
        assertThat(request.getBody().utf8()).isEqualTo("{\"sessionId\":\"" + SESSION + "\"}");
        assertThat(time.sleeps()).as("1 s and 2 % from each answer: the window counts arrivals")
                .containsExactly(Duration.ofMillis(1020), Duration.ofMillis(1020));
    }

    @Test
    void superjsonWrapsInputsAndOutputs() throws Exception {
        server.enqueue(ok("{\"json\":" + pending() + "}"));
        server.enqueue(ok("{\"json\":{\"ok\":true}}"));

        VerificationStatus status = rpc(RpcTransformer.SUPERJSON).checkVerification(SESSION);
        game(RpcTransformer.SUPERJSON).completeVerification(" 482913 ", "156319135");

        assertThat(status).isInstanceOf(VerificationStatus.Pending.class);
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"json\":{\"sessionId\":\"" + SESSION + "\"}}");
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"json\":{\"code\":\"482913\",\"robloxUserId\":\"156319135\"}}");
    }

    /**
     * An answer that begins as JSON but is cut short or followed by more is described without its
     * values: before, its first 120 characters, the one-time code among them, reached the message
     * (and logs), and whoever read it could enter the code first.
     */
    @Test
    void aBrokenAnswerNeverPutsTheOneTimeCodeIntoTheMessage() {
        String start = "{\"sessionId\":\"" + SESSION + "\",\"code\":\"731904\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + "}";
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + start + "}}\n{}").build());
        for (int i = 0; i < 4; i++) { // each read's retry
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"result\":{\"data\":" + pending().replace("482913", "731904")).build());
        }

        assertThatThrownBy(() -> rpc().beginVerification()).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 200").doesNotContain("731904", "starting"));
        assertThatThrownBy(() -> rpc.checkVerification(SESSION)).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 200").doesNotContain("731904", "starting"));
    }

    /**
     * The proved identity's id is digits, as documented (integrators key accounts by it and put it
     * into URLs): a verified status or a refresh naming another is malformed, not a proof.
     */
    @Test
    void aVerifiedUserWhoseIdIsNotDigitsIsMalformed() {
        String user = USER.replace("156319135", "../../admin");
        for (int i = 0; i < 4; i++) { // each read's retry
            server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + jwt(T0, T0.plusSeconds(3600)) + "\",\"user\":" + user + "}"));
        }
        server.enqueue(ok("{\"jwt\":\"" + jwt(T0, T0.plusSeconds(3600)) + "\",\"user\":" + user + "}"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("the robloxUserId it gave", "must be digits only"));
        assertThatThrownBy(() -> rpc.refresh(jwt(T0, T0.plusSeconds(3600)))).isInstanceOfSatisfying(
                MalformedResponseException.class, e -> assertThat(e.getMessage()).contains("the robloxUserId it gave"));
    }

    @Test
    void completionSendsTheSecretAndAcceptsBothShapes() throws Exception {
        server.enqueue(ok("{\"ok\":true}"));
        server.enqueue(ok("true"));
        server.enqueue(ok("{\"ok\":false}"));
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        game.completeVerification("482913", "156319135");
        game.completeVerification("ABCDEF12", "156319135");
        assertThatThrownBy(() -> game.completeVerification("482913", "156319135"))
                .isInstanceOf(MalformedResponseException.class);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/roblox/auth.completeVerification");
        assertThat(request.getHeaders().get("x-verification-secret")).isEqualTo(SECRET);
        assertThat(game.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @CsvSource({
        "400, -32600, BAD_REQUEST, Invalid or expired verification code, InvalidRequestException",
        "401, -32001, UNAUTHORIZED, Invalid verification secret, AuthenticationException",
        "404, -32004, NOT_FOUND, No procedure found on path, NotFoundException",
        "405, -32005, METHOD_NOT_SUPPORTED, Unsupported GET-request to mutation procedure, ApiException",
        "415, -32015, UNSUPPORTED_MEDIA_TYPE, Missing content-type header, ApiException",
        "500, -32603, INTERNAL_SERVER_ERROR, Roblox user headshot not available, ServerException",
    })
    void everyTrpcErrorMapsToItsExceptionKeepingCodeAndPath(int status, int number, String code, String message,
            String type) {
        server.enqueue(trpcError(status, number, code, message, "auth.completeVerification"));

        assertThatThrownBy(() -> game(RpcTransformer.NONE).completeVerification("482913", "156319135"))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(type))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).contains(code);
                    assertThat(e.serviceMessage()).contains(message);
                    assertThat(e.endpoint()).contains("auth.completeVerification");
                    assertThat(e.getMessage()).doesNotContain("secretFile.ts").doesNotContain(SECRET);
                });
    }

    /** The real server answers a 415 as {@code text/plain;charset=UTF-8} with a JSON body: read all the same. */
    @Test
    void anUnsupportedMediaTypeAnswerAsTextIsReadAsItsTrpcError() {
        server.enqueue(trpcError(415, -32015, "UNSUPPORTED_MEDIA_TYPE", "Missing content-type header", "auth.beginVerification")
                .newBuilder().setHeader("Content-Type", "text/plain;charset=UTF-8").build());

        assertThatThrownBy(() -> rpc().beginVerification()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(415);
            assertThat(e.code()).contains("UNSUPPORTED_MEDIA_TYPE");
            assertThat(e.serviceMessage()).contains("Missing content-type header");
        });
    }

    @Test
    void tooManyRequestsCarriesTheSecondsFromItsMessage() {
        server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 37s.", "auth.refresh"));
        String token = jwt(T0, T0.plusSeconds(3600));

        assertThatThrownBy(() -> rpc().refresh(token))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(37));
                    assertThat(e.code()).contains("TOO_MANY_REQUESTS");
                    assertThat(e.getMessage()).doesNotContain(token);
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aValidatorsIssueListBecomesReadable() {
        server.enqueue(trpcError(400, -32600, "BAD_REQUEST",
                "[{\"code\":\"invalid_string\",\"validation\":\"uuid\",\"path\":[\"sessionId\"],\"message\":\"Invalid uuid\"}]",
                "auth.checkVerification"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.serviceMessage()).contains("sessionId: Invalid uuid"));
    }

    @Test
    void anIssuesArrayIndexIsWrittenAsAWholeNumber() {
        server.enqueue(trpcError(400, -32600, "BAD_REQUEST",
                "[{\"code\":\"too_small\",\"path\":[\"codes\",0,\"value\"],\"message\":\"Too short\"},"
                        + "{\"code\":\"custom\",\"path\":[2.5],\"message\":\"Odd\"}]",
                "auth.checkVerification"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.serviceMessage()).contains("codes.0.value: Too short; 2.5: Odd"));
    }

    /**
     * A refusal wrapped as the client wraps its input is the server's, read as it is: the hint naming
     * the transformer setting comes only with one wrapped otherwise.
     */
    @Test
    void aRefusalWrappedAsTheClientWrapsNamesNoTransformer() {
        String issues = "[{\"code\":\"invalid_format\",\"path\":[\"sessionId\"],\"message\":\"Invalid UUID\"}]";
        server.enqueue(trpcError(400, -32600, "BAD_REQUEST", issues, "auth.checkVerification"));
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"json\":{\"message\":" + quote(issues) + ",\"code\":-32600,\"data\":{\"code\":"
                        + "\"BAD_REQUEST\",\"httpStatus\":400,\"path\":\"auth.checkVerification\"}}}}").build());

        for (RpcTransformer transformer : RpcTransformer.values()) {
            assertThatThrownBy(() -> rpc(transformer).checkVerification(SESSION))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.serviceMessage()).hasValue("sessionId: Invalid UUID"));
            rpc.close();
        }
    }

    @Test
    void aSuperjsonErrorEnvelopeIsRead() {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"json\":{\"message\":\"Invalid session\",\"code\":-32001,\"data\":{\"code\":"
                        + "\"UNAUTHORIZED\",\"httpStatus\":401,\"path\":\"auth.refresh\"}}}}").build());

        assertThatThrownBy(() -> rpc(RpcTransformer.SUPERJSON).refresh(jwt(T0, T0.plusSeconds(10))))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.serviceMessage()).contains("Invalid session"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":{\"status\":\"pending\"}}", "[1,2]", "<html>ok</html>",
            "{\"result\":{\"data\":{\"status\":\"pending\"}}}", "{\"result\":{\"data\":{\"status\":\"paused\"}}}",
            "{\"result\":{\"data\":{\"status\":\"pending\",\"code\":null,\"expiresAt\":1778112300000}}}",
            "{\"result\":{\"data\":{\"status\":\"pending\",\"code\":\"482913\",\"expiresAt\":\"soon\"}}}",
            "{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":null,\"user\":{\"robloxUserId\":\"1\"}}}}",
            "{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":\"a.b.c\",\"user\":{\"robloxUserId\":null}}}}",
            "{\"result\":{\"data\":[\"status\",\"expired\"]}}"})
    void aSuccessThatIsNotAValidOutputIsMalformed(String body) {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build());
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString())
                .scheduler(time).maxRetries(0).build();
        this.rpc = rpc;

        assertThatThrownBy(() -> rpc.checkVerification(SESSION)).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void invalidInputIsRefusedBeforeAnyRequest() {
        RobloxVerificationClient rpc = rpc();
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        for (String bad : new String[] {"not-a-uuid", "3f1c2a4e-8b7d-0c6a-9e5f-0a1b2c3d4e5f",
                "3f1c2a4e-8b7d-4c6a-7e5f-0a1b2c3d4e5f", "", " " + SESSION}) {
            assertThatThrownBy(() -> rpc.checkVerification(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        }
        assertThatThrownBy(() -> rpc.awaitVerification(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        // a wait names which of its two options arguments is missing: both were "options"
        assertThatThrownBy(() -> rpc.awaitVerification(SESSION, WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> rpc.awaitVerificationAsync(SESSION, WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> rpc.awaitVerification(SESSION, null, RequestOptions.none()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("options"));
        for (String bad : new String[] {"12345", "  12345  ", "1234567890123", "", null}) {
            assertThatThrownBy(() -> game.completeVerification(bad, "1"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        }
        for (String bad : new String[] {"12a", "-1", "", " 1", null}) {
            assertThatThrownBy(() -> game.completeVerification("482913", bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("robloxUserId"));
        }
        for (String bad : new String[] {"not.a-jwt", "", " ", null}) {
            assertThatThrownBy(() -> rpc.refresh(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("jwt"));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * A missing code is "required", as a missing secret is: it said "must be 6 to 12 characters once
     * trimmed (was 0)", a length the caller never gave.
     */
    @Test
    void aMissingCodeIsRequired() {
        assertThatThrownBy(() -> game(RpcTransformer.NONE).completeVerification(null, "156319135"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("code");
                    assertThat(e.rule()).isEqualTo("is required");
                });
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * A code holding a control character (a NUL from a fixed-size buffer, an ESC, a DEL, a C1 control) is
     * refused before it is sent, naming the character's place and never quoting the code: the server
     * issues digits or upper-case hex and matches exactly, so it would only answer "Invalid or expired
     * verification code" for a code that reads as the right one in a log.
     */
    @Test
    void aCodeWithAControlCharacterIsRefusedBeforeItIsSent() {
        for (int i = 0; i < 7; i++) { // what the server answers each code, were it sent
            server.enqueue(trpcError(400, -32600, "BAD_REQUEST", "Invalid or expired verification code",
                    "auth.completeVerification"));
        }
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        for (String bad : new String[] {"482\u0000913", "\u0000482913", "482913\u0000", "48\u007f2913", "48\u00852913",
                " 4\u001b82913 "}) {
            assertThatThrownBy(() -> game.completeVerification(bad, "156319135")).as(bad.replace("\u0000", "NUL"))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("code");
                        assertThat(e.rule()).startsWith("must not contain a control character (character ");
                        assertThat(e.getMessage()).doesNotContain("4829").doesNotContain("2913");
                    });
        }
        assertThatThrownBy(() -> game.completeVerification("482\u0000913", "156319135"))
                .hasMessage("code: must not contain a control character (character 4 is one)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aTokenWithoutExpIsSentForRefreshAsTheServerTakesAnyTokenItSigned() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String noExp = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"robloxUserId\":\"156319135\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        String fresh = jwt(T0, T0.plusSeconds(3600));
        server.enqueue(ok("{\"jwt\":\"" + fresh + "\",\"user\":{\"robloxUserId\":\"156319135\",\"username\":\"builder\"}}"));

        AuthSession refreshed = rpc().refresh(noExp);

        assertThat(refreshed.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"jwt\":\"" + noExp + "\"}");
    }

    @Test
    void theBuildersRequireWhatTheyNeed() {
        assertThatThrownBy(() -> RobloxVerificationClient.builder().build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"));
        assertThatThrownBy(() -> RobloxGameServerClient.builder().baseUrl("https://rpc.example.com").build())
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("verificationSecret"));
        assertThatThrownBy(() -> RobloxVerificationClient.builder().baseUrl("https://rpc.example.com")
                .checkInterval(Duration.ofMillis(500)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("checkInterval"));
        // tokens live an hour, 4 refreshes a user an hour: a skew of 45 minutes or more made every
        // token due at once or within 15 minutes, and AuthSession's refresh pattern drew the server's 429
        assertThatThrownBy(() -> RobloxVerificationClient.builder().baseUrl("https://rpc.example.com")
                .refreshSkew(Duration.ofMinutes(44).plusNanos(1)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .startsWith("refreshSkew: must be at most 44 minutes ("));
        RobloxVerificationClient.builder().baseUrl("https://rpc.example.com").refreshSkew(Duration.ofMinutes(44)).build().close();
    }

    @Test
    void anAwaitChecksEveryTwoSecondsUntilVerified() {
        String token = jwt(T0, T0.plusSeconds(3600));
        server.enqueue(ok(pending()));
        server.enqueue(ok(pending()));
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}"));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isInstanceOf(VerificationStatus.Verified.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /**
     * A pending answer whose expiry is already long past (here in seconds, read as milliseconds:
     * January 1970) contradicts itself, even dated by the server's clock as the real server dates its
     * answers (an end decades past is no session's): the await goes on asking. Before, it answered
     * Expired after one check, an outcome the server never gave.
     */
    @Test
    void aPendingAnswerStatingAnEndLongPastIsNotTakenForTheEnd() {
        String token = jwt(T0, T0.plusSeconds(3600));
        String inSeconds = "{\"status\":\"pending\",\"expiresAt\":" + T0.plusSeconds(600).getEpochSecond()
                + ",\"code\":\"482913\"}";
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ZERO).answer(ok(inSeconds), 2)
                .answer(ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}"), 1));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isInstanceOf(VerificationStatus.Verified.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /** checkVerification documents that it throws the rate limit: at once, with the hint, nothing retried. */
    @Test
    void aSingleCheckThrowsTooManyRequestsAtOnceWithTheHint() {
        server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 42s.",
                "auth.checkVerification"));
        server.enqueue(ok(pending()));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(42)));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void anAwaitSlowsDownAsTooManyRequestsSays() {
        server.enqueue(ok(pending()));
        server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 7s.",
                "auth.checkVerification"));
        server.enqueue(ok("{\"status\":\"expired\"}"));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    /** A hint longer than the transport's 30-s cap is obeyed by a wait that has the time (it used to be cut to 30 s and refused again). */
    @Test
    void anAwaitObeysAHintLongerThanThirtySeconds() {
        server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 45s.",
                "auth.checkVerification"));
        server.enqueue(ok("{\"status\":\"expired\"}"));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(time.sleeps()).singleElement().satisfies(slept -> assertThat(slept)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(45)).isLessThan(Duration.ofSeconds(46)));
    }

    /** A hint past the wait's deadline ends it at once, carrying the hint, instead of sleeping into the deadline. */
    @Test
    void anAwaitToldToWaitPastItsDeadlineEndsAtOnceWithTheHint() {
        server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 3600s.",
                "auth.checkVerification"));

        assertThatThrownBy(() -> rpc().awaitVerification(SESSION))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).contains("asked to wait 3600 s");
                    assertThat(e.getCause()).isInstanceOfSatisfying(RateLimitException.class,
                            limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3600)));
                });
        assertThat(time.sleeps()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * A failed completion leaves its code usable, so an answer echoing the code (a proxy's error
     * page, a careless message) must not put it into an exception or a log line; it was shown whole.
     */
    @Test
    void aCompletionAnswerEchoingTheCodeDoesNotShowIt() {
        server.enqueue(trpcError(400, -32600, "BAD_REQUEST", "Invalid or expired verification code 482913",
                "auth.completeVerification"));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html>request blocked: code=482913</html>").build());
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        assertThatThrownBy(() -> game.completeVerification(" 482913 ", "156319135"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
                        .contains("Invalid or expired verification code [REDACTED]").doesNotContain("482913"));
        assertThatThrownBy(() -> game.completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("request blocked: code=[REDACTED]").doesNotContain("482913"));
    }

    /**
     * A hint of more seconds than a clock can count (a hostile or broken server) is read as the
     * longest wait, as a {@code Retry-After} header's is; it was not read at all, and the wait asked
     * again every interval as if the server had given no hint.
     */
    @Test
    void anAwaitToldToWaitLongerThanTheClockCanCountEndsAtOnceToo() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(trpcError(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 000099999999999999.5s.",
                    "auth.checkVerification"));
        }

        assertThatThrownBy(() -> rpc().awaitVerification(SESSION))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(RateLimitException.class,
                                limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(999_999_999))));
        assertThat(time.sleeps()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * A verified status whose token has no readable expiry is the server's fault, refused as
     * {@code auth.refresh} refuses it; it was returned, and {@code authSession} then blamed the caller
     * with a {@code ValidationException}.
     */
    @Test
    void aVerifiedStatusWhoseTokenHasNoExpiryIsAMalformedAnswer() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String noExp = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"robloxUserId\":\"156319135\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + noExp + "\",\"user\":" + USER + "}"));
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"not-a-token\",\"user\":" + USER + "}"));
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString())
                .scheduler(time).maxRetries(0).build();
        this.rpc = rpc;

        assertThatThrownBy(() -> rpc.checkVerification(SESSION))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("auth.checkVerification returned a token that has no numeric exp claim")
                        .doesNotContain(noExp));
        assertThatThrownBy(() -> rpc.checkVerification(SESSION))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("auth.checkVerification returned a token that is not a JWT"));
    }

    @Test
    void anAwaitStopsAtTheSessionsExpiryWithoutAskingAgain() {
        String soon = "{\"status\":\"pending\",\"expiresAt\":" + T0.plusSeconds(3).toEpochMilli() + ",\"code\":\"482913\"}";
        for (int i = 0; i < 10; i++) {
            server.enqueue(ok(soon));
        }

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(time.now()).isAfter(T0.plusSeconds(8));
    }

    /**
     * The server's clock is two minutes behind this client's: the session's expiry is read on the
     * server's clock (its answers' {@code Date}), so the await goes on until the user enters the code
     * rather than calling the session expired, as it did when it compared the expiry with its own clock.
     */
    @Test
    void anAwaitReadsTheSessionsExpiryOnTheServersClock() {
        Duration behind = Duration.ofSeconds(-120);
        String pending = "{\"status\":\"pending\",\"expiresAt\":" + T0.plus(behind).plusSeconds(30).toEpochMilli()
                + ",\"code\":\"482913\"}";
        server.setDispatcher(new SkewedClockDispatcher(time, behind).answer(ok(pending), 5)
                .answer(ok("{\"status\":\"verified\",\"jwt\":\"" + jwt(T0, T0.plusSeconds(3600)) + "\",\"user\":" + USER + "}"), 1));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isInstanceOf(VerificationStatus.Verified.class);
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    /** Past the expiry on the server's clock, the await ends as before, without asking again. */
    @Test
    void anAwaitStopsAtTheExpiryOnTheServersClock() {
        Duration ahead = Duration.ofSeconds(120);
        String pending = "{\"status\":\"pending\",\"expiresAt\":" + T0.plus(ahead).plusSeconds(3).toEpochMilli()
                + ",\"code\":\"482913\"}";
        server.setDispatcher(new SkewedClockDispatcher(time, ahead).answer(ok(pending), 10));

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(time.now()).isAfter(T0.plusSeconds(8)).isBefore(T0.plusSeconds(20));
    }

    /** A refresh answered {@code {jwt, user}} with a token issued at {@code issued}, valid one hour (the server's clock). */
    private static MockResponse refreshed(Instant issued) {
        return ok("{\"jwt\":\"" + jwt(issued, issued.plusSeconds(3600)) + "\",\"user\":" + USER + "}");
    }

    /**
     * The server's clock is 30 minutes ahead of the client's: the token's expiry is judged by the
     * server's clock (its answers' {@code Date}), so it is due for refresh and then expired when it
     * truly is, not half an hour later as on the client's clock.
     */
    @Test
    void aTokenIsJudgedByTheServersClockWhenItIsAhead() {
        Duration ahead = Duration.ofMinutes(30);
        server.setDispatcher(new SkewedClockDispatcher(time, ahead).answer(refreshed(T0.plus(ahead)), 1));
        AuthSession session = rpc().refresh(jwt(T0, T0.plusSeconds(3600)));

        time.advance(Duration.ofMinutes(54));
        assertThat(session.needsRefresh()).isFalse();
        time.advance(Duration.ofMinutes(2));
        assertThat(session.needsRefresh()).isTrue();
        assertThat(session.isExpired()).isFalse();
        time.advance(Duration.ofMinutes(4).plusSeconds(1));
        assertThat(session.isExpired()).isTrue();
    }

    /** The server's clock is 30 minutes behind: a fresh token is not refreshed needlessly after 25 minutes. */
    @Test
    void aTokenIsJudgedByTheServersClockWhenItIsBehind() {
        Duration behind = Duration.ofMinutes(-30);
        server.setDispatcher(new SkewedClockDispatcher(time, behind).answer(refreshed(T0.plus(behind)), 1));
        AuthSession session = rpc().refresh(jwt(T0, T0.plusSeconds(3600)));

        time.advance(Duration.ofMinutes(26));
        assertThat(session.needsRefresh()).isFalse();
        assertThat(session.isExpired()).isFalse();
        time.advance(Duration.ofMinutes(30));
        assertThat(session.needsRefresh()).isTrue();
        time.advance(Duration.ofMinutes(4).plusSeconds(1));
        assertThat(session.isExpired()).isTrue();
    }

    /**
     * The server's clock is counted on from the answer that told it, by the time since that answer on
     * the monotonic clock, however long the client had run before it: 20 minutes after an answer that
     * came 50 minutes into the client's life, dated 30 minutes ahead, {@code serverNow()} is that
     * {@code Date}, taken a second late, and the 20 minutes; the fresh token it brought falls due 55
     * minutes after it, not at once.
     */
    @Test
    void theServersClockIsCountedOnFromTheAnswerThatToldIt() {
        time.advance(Duration.ofMinutes(50));
        Duration ahead = Duration.ofMinutes(30);
        Instant answered = time.now().plus(ahead);
        server.setDispatcher(new SkewedClockDispatcher(time, ahead).answer(refreshed(answered), 1));
        AuthSession session = rpc().refresh(jwt(T0, T0.plusSeconds(3600)));

        time.advance(Duration.ofMinutes(20));
        assertThat(rpc.serverNow()).isEqualTo(answered.plus(Duration.ofMinutes(20)).plusSeconds(1));
        assertThat(session.needsRefresh()).isFalse();
        time.advance(Duration.ofMinutes(35));
        assertThat(session.needsRefresh()).isTrue();
    }

    /**
     * Without a {@code Date}, the token's {@code iat} still shows a server clock ahead of the client's:
     * the server had reached it before the client had the token.
     */
    @Test
    void withoutADateTheIssueTimeShowsAServerClockAhead() {
        server.enqueue(refreshed(T0.plus(Duration.ofMinutes(30))));
        AuthSession session = rpc().refresh(jwt(T0, T0.plusSeconds(3600)));

        assertThat(rpc.serverNow()).isEqualTo(T0);
        time.advance(Duration.ofMinutes(55));
        assertThat(session.needsRefresh()).isTrue();
        time.advance(Duration.ofMinutes(5));
        assertThat(session.isExpired()).isTrue();
    }

    /**
     * The machine's clock two days ahead of the RPC server's (a VM restored from a snapshot, a clock
     * never set right), the server's answers carrying its correct {@code Date}: for a while a
     * {@code Date} more than a day off the local clock was not believed, {@code serverNow()} was the
     * wrong local clock, and every fresh token was expired at once (needless refreshes, 4 an hour).
     * Any readable {@code Date} is the server's clock.
     */
    @Test
    void aFreshTokenIsNotExpiredWhenTheClientsClockIsDaysAheadOfTheServersDate() {
        Duration skew = Duration.ofDays(-2); // the server's clock is 2 days behind this machine's
        Instant serverNow = T0.plus(skew);
        server.setDispatcher(new SkewedClockDispatcher(time, skew).answer(refreshed(serverNow), 1));
        AuthSession session = rpc().refresh(jwt(serverNow.minusSeconds(3600), serverNow));

        assertThat(session.isExpired()).as("a token the server issued a moment ago (its Date %s), client serverNow() %s",
                serverNow, rpc.serverNow()).isFalse();
        assertThat(session.needsRefresh()).isFalse();
    }

    @Test
    void refreshGivesAnAuthSessionThatKnowsItsExpiry() throws Exception {
        String first = jwt(T0, T0.plusSeconds(3600));
        String second = jwt(T0.plusSeconds(3400), T0.plusSeconds(7000));
        server.enqueue(ok("{\"jwt\":\"" + second + "\",\"user\":" + USER + "}"));
        RobloxVerificationClient rpc = rpc();
        AuthSession session = rpc.authSession(VerificationStatus.Verified.builder().jwt(first)
                .user(RobloxUser.builder().robloxUserId("156319135").username("b").build()).build());

        assertThat(session.expiresAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(session.issuedAt()).contains(T0);
        assertThat(session.refreshAt()).isEqualTo(T0.plusSeconds(3300));
        assertThat(session.needsRefresh()).isFalse();
        time.advance(Duration.ofSeconds(3300));
        assertThat(session.needsRefresh()).isTrue();
        assertThat(session.isExpired()).isFalse();

        AuthSession refreshed = session.refresh();

        assertThat(refreshed.jwt()).isEqualTo(second);
        assertThat(refreshed.expiresAt()).isEqualTo(T0.plusSeconds(7000));
        assertThat(refreshed.needsRefresh()).isFalse();
        assertThat(refreshed.toString()).doesNotContain(second);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/roblox/auth.refresh");
        assertThat(request.getBody().utf8()).isEqualTo("{\"jwt\":\"" + first + "\"}");
    }

    @Test
    void aNonTrpcErrorPageMapsByStatus() {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html>bad gateway</html>").build());

        assertThatThrownBy(() -> game(RpcTransformer.NONE).completeVerification("482913", "1"))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(502));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** A proxy's refusal in JSON that is no tRPC error envelope maps by its status as well. */
    @Test
    void aJsonRefusalThatIsNoTrpcEnvelopeMapsByStatus() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                .body("{\"message\":\"Service Unavailable\"}").build());

        assertThatThrownBy(() -> game(RpcTransformer.NONE).completeVerification("482913", "1"))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theProceduresAreAtTheRootOfTheBaseUrlOrUnderThePrefixItCarries() throws Exception {
        server.enqueue(ok("{\"ok\":true}"));
        server.enqueue(ok("{\"ok\":true}"));

        for (String base : new String[] {server.url("/").toString(), server.url("/trpc").toString()}) {
            try (RobloxGameServerClient client = RobloxGameServerClient.builder().baseUrl(base).scheduler(time)
                    .verificationSecret(SECRET).build()) {
                client.completeVerification("482913", "1");
            }
        }

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/auth.completeVerification");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/trpc/auth.completeVerification");
    }

    @Test
    void aHexCodeTypedInLowerCaseIsSentAsTheServerIssuedItInUpperCase() throws Exception {
        server.enqueue(ok("{\"ok\":true}"));
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        game.completeVerification(" 9f3ac21b ", "1");

        // the server's codes are digits or upper-case hex, matched exactly; only ASCII letters change
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"code\":\"9F3AC21B\",\"robloxUserId\":\"1\"}");
    }

    @Test
    void theCodeIsTrimmedAsJavaScriptTrimsAndSentTrimmed() throws Exception {
        server.enqueue(ok("{\"ok\":true}"));
        server.enqueue(ok("{\"ok\":true}"));
        RobloxGameServerClient game = game(RpcTransformer.NONE);

        game.completeVerification("\u00a0\u00a0482913\u00a0", "1");
        game.completeVerification("\ufeff\u3000482913\u2028\u205f", "1");

        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"code\":\"482913\",\"robloxUserId\":\"1\"}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"code\":\"482913\",\"robloxUserId\":\"1\"}");
        // U+001C is not white space to JavaScript: kept, and counted (6 characters), then refused as a control
        // character
        assertThatThrownBy(() -> game.completeVerification("\u001c12345", "1"))
                .hasMessage("code: must not contain a control character (character 1 is one)");
        assertThatThrownBy(() -> game.completeVerification("\u00a012345\ufeff", "1"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theMaxUuidIsASessionIdInLowerCaseOnly() throws Exception {
        RobloxVerificationClient rpc = rpc();
        for (String refused : new String[] {"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "ffffffff-ffff-ffff-ffff-fffffffffffF",
                "FFFFFFFF-ffff-ffff-ffff-ffffffffffff"}) {
            assertThatThrownBy(() -> rpc.checkVerification(refused)).as(refused)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        }
        String[] accepted = {"ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000",
            "3F1C2A4E-8B7D-4C6A-BE5F-0A1B2C3D4E5F"};
        for (String id : accepted) {
            server.enqueue(ok("{\"status\":\"expired\"}"));
            assertThat(rpc.checkVerification(id)).isEqualTo(VerificationStatus.Expired.instance());
        }

        assertThat(server.getRequestCount()).isEqualTo(accepted.length);
        for (String id : accepted) {
            // in lower case, as the server issues its ids (RpcSessionIdCaseTest)
            assertThat(server.takeRequest().getBody().utf8())
                    .isEqualTo("{\"sessionId\":\"" + id.toLowerCase(java.util.Locale.ROOT) + "\"}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1818\"", "1818"})
    void thePlaceIdIsReadAsAStringOfDigitsOrAsANumber(String placeId) {
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":" + placeId + "}"));

        assertThat(rpc().beginVerification().placeId()).isEqualTo(1818L);
    }

    /** Place 0 is as much a whole number as any: read from a number as from its digits. */
    @ParameterizedTest
    @ValueSource(strings = {"\"0\"", "0"})
    void thePlaceIdZeroIsReadFromANumberAsFromItsDigits(String placeId) {
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":" + placeId + "}"));

        assertThat(rpc().beginVerification().placeId()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"18a\"", "\"\"", "\"+1818\"", "\"-1818\"", "\" 1818\"", "\"1.818e3\"",
        "\"9223372036854775808\"", "-1818", "1818.5", "true", "null",
        // 2^53 + 1, which a tree of doubles holds as 2^53: read as another place
        "9007199254740993"})
    void aPlaceIdThatIsNeitherDigitsNorAWholeNumberIsMalformed(String placeId) {
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":" + placeId + "}"));

        assertThatThrownBy(() -> rpc().beginVerification()).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("placeId"));
    }

    @Test
    void aServerStackTraceNeverReachesAnExceptionsText() {
        String stack = "TRPCError: Invalid verification secret\\n    at gameVerificationProcedure "
                + "(file:///srv/bloxchat/packages/api/src/trpc.ts:31:13)\\n    at async callRecursive (file:///srv/node_modules/x.mjs:1:1)";
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Invalid verification secret\",\"code\":-32001,\"data\":{\"code\":"
                        + "\"UNAUTHORIZED\",\"httpStatus\":401,\"stack\":\"" + stack + "\""
                        + ",\"path\":\"auth.completeVerification\"}}}").build());

        assertThatThrownBy(() -> game(RpcTransformer.NONE).completeVerification("482913", "1"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.serviceMessage()).contains("Invalid verification secret");
                    assertThat(e.code()).as("the tRPC envelope was read").contains("UNAUTHORIZED");
                    for (String text : new String[] {e.getMessage(), e.toString(), e.serviceMessage().orElseThrow()}) {
                        assertThat(text).doesNotContain("TRPCError").doesNotContain("trpc.ts")
                                .doesNotContain("callRecursive");
                    }
                });
    }

    @Test
    void anUnknownProcedureIsNotFound() {
        server.enqueue(trpcError(404, -32004, "NOT_FOUND", "No procedure found on path \"auth.beginVerification\"",
                "auth.beginVerification"));

        assertThatThrownBy(() -> rpc().beginVerification()).isInstanceOf(NotFoundException.class);
    }

    /** Fakes for integrators' tests: values with equality, a copy to change, and the required fields checked. */
    @Test
    void buildersLetIntegratorsBuildFakes() {
        RobloxUser user = RobloxUser.builder().robloxUserId("156319135").username("builder").build();
        VerificationStart start = VerificationStart.builder().sessionId(SESSION).code("482913")
                .expiresAt(T0.plusSeconds(600)).placeId(1818).build();
        VerificationStatus.Verified verified = VerificationStatus.Verified.builder().jwt("a.b.c").user(user).build();

        assertThat(user.displayName()).isNull();
        assertThat(user.toBuilder().build()).isEqualTo(user).hasSameHashCodeAs(user);
        assertThat(start.toBuilder().placeId(1819).build()).isNotEqualTo(start);
        assertThat(verified.toBuilder().build()).isEqualTo(verified);
        assertThat(verified.isTerminal()).isTrue();
        assertThat(VerificationStatus.Pending.builder().code("1").expiresAt(T0).build().isTerminal()).isFalse();
        assertThat(VerificationStatus.Expired.instance()).isEqualTo(VerificationStatus.Expired.builder().build())
                .isSameAs(VerificationStatus.Expired.instance());
        assertThat(start.toString()).startsWith("VerificationStart{sessionId=" + SESSION);
        assertThat(verified.toString()).contains("jwt=[REDACTED]").contains("builder").doesNotContain("a.b.c");
        assertThatThrownBy(() -> VerificationStart.builder().sessionId(SESSION).code("1").expiresAt(T0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("placeId");
        assertThatThrownBy(() -> VerificationStatus.Pending.builder().code("1").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> VerificationStatus.Verified.builder().jwt("a.b.c").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> RobloxUser.builder().username("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("robloxUserId");
    }

    /** Fields the RPC adds are kept in every output, and left out of toString(); a status's own tag is not one. */
    @Test
    void unknownFieldsAreKeptAsAdditionalProperties() {
        String token = jwt(T0, T0.plusSeconds(3600));
        String user = USER.replace("}", ",\"hasPremium\":true}");
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":"
                + T0.plusSeconds(600).toEpochMilli() + ",\"placeId\":\"1818\",\"universeId\":\"77\"}"));
        server.enqueue(ok(pending().replace("}", ",\"attemptsLeft\":3}")));
        server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + user + ",\"scope\":\"game\"}"));
        server.enqueue(ok("{\"status\":\"expired\",\"reason\":\"timeout\"}"));
        server.enqueue(ok("{\"jwt\":\"" + token + "\",\"user\":" + user + "}"));
        RobloxVerificationClient rpc = rpc();

        VerificationStart start = rpc.beginVerification();
        VerificationStatus pending = rpc.checkVerification(SESSION);
        VerificationStatus verified = rpc.checkVerification(SESSION);
        VerificationStatus expired = rpc.checkVerification(SESSION);
        AuthSession refreshed = rpc.refresh(token);

        assertThat(start.additionalProperties()).containsExactly(Map.entry("universeId", "77"));
        assertThat(pending).isInstanceOfSatisfying(VerificationStatus.Pending.class,
                p -> assertThat(p.additionalProperties()).containsExactly(Map.entry("attemptsLeft", 3.0)));
        assertThat(verified).isInstanceOfSatisfying(VerificationStatus.Verified.class, v -> {
            assertThat(v.additionalProperties()).containsExactly(Map.entry("scope", "game"));
            assertThat(v.user().additionalProperties()).containsExactly(Map.entry("hasPremium", true));
        });
        assertThat(expired).isInstanceOfSatisfying(VerificationStatus.Expired.class,
                e -> assertThat(e.additionalProperties()).containsExactly(Map.entry("reason", "timeout")));
        assertThat(refreshed.user().additionalProperties()).containsExactly(Map.entry("hasPremium", true));
        for (Object shown : new Object[] {start, pending, verified, expired, refreshed}) {
            assertThat(shown.toString()).contains("additionalProperties=[REDACTED]").doesNotContain("universeId")
                    .doesNotContain("attemptsLeft").doesNotContain("scope").doesNotContain("hasPremium")
                    .doesNotContain("timeout").doesNotContain(token);
        }
    }
}
