package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.testing.SkewedClockDispatcher;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dokai client at the wire: requests, the documented shapes, errors and polling, against canned answers. */
class DokaiWireTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private static final String KEY = "dk_test_wire_8c1e";
    static final String VERIFIED = """
            {"id":"ver_abc123","status":"verified","type":"hosted",
            "face_match":{"matched":true,"score":0.92,"threshold":0.363},
            "liveness":{"passed":true,"score":0.78,"checks":{"texture":0.85,"frequency":0.80,"reflection":0.72,
            "sharpness":0.92,"color":0.75,"glare":0.5}},
            "identity":{"name":"AHMAD BIN IBRAHIM","id_number":"901215-08-5523"},
            "created_at":"2026-03-11T10:30:00Z","expires_at":"2026-03-12T10:30:00Z","new_field":{"x":1}}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    private DokaiClient dokai() {
        dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString()).scheduler(time).build();
        return dokai;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** A create's answer: a pending session with its hosted page. */
    private static final String CREATED = "{\"id\":\"ver_abc123\",\"url\":\"https://app.dokai.dev/verify/eyJx\","
            + "\"status\":\"pending\",\"type\":\"hosted\",\"created_at\":\"" + T0 + "\",\"expires_at\":\"2026-03-12T10:30:00Z\"}";

    private static String status(String status, String expiresAt) {
        return "{\"id\":\"ver_abc123\",\"status\":\"" + status + "\",\"type\":\"hosted\",\"created_at\":\"" + T0
                + "\",\"expires_at\":\"" + expiresAt + "\"}";
    }

    @Test
    void theRawFormsCarryTheAnswersStatusHeadersAndAttempts() {
        server.enqueue(json(201, "{\"id\":\"ver_abc123\",\"url\":\"https://app.dokai.dev/verify/eyJx\","
                + "\"status\":\"pending\"}").newBuilder().setHeader("X-Request-Id", "req_created").build());
        server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        server.enqueue(json(200, VERIFIED).newBuilder().setHeader("X-Trace", "t-2").build());
        DokaiClient dokai = dokai();

        RawResponse<KycSession> created = dokai.verifySessions().withRawResponse().create(
                CreateKycSessionParams.builder().build(), RequestOptions.builder().header("X-Trace", "t-1").build());
        RawResponse<KycSession> read = dokai.verifySessions().withRawResponse().retrieve("ver_abc123", RequestOptions.none());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.requestId()).contains("req_created");
        assertThat(created.idempotencyKey()).as("Dokai takes no key").isEmpty();
        assertThat(created.value().id()).isEqualTo("ver_abc123");
        assertThat(read.header("X-TRACE")).contains("t-2");
        assertThat(read.attempts()).as("the 502 was tried again").isEqualTo(2);
        assertThat(read.value().status()).isEqualTo(OpenEnum.known(KycStatus.VERIFIED));
        assertThat(read.idempotencyKey()).as("reads carry no key").isEmpty();
    }

    /**
     * An id the client would refuse when the caller passes it back makes the create malformed:
     * before, create took it and the caller's retrieve was refused with a ValidationException
     * blaming the caller.
     */
    @Test
    void aCreatedSessionWhoseIdRetrieveWouldRefuseIsMalformed() {
        server.enqueue(json(201, "{\"id\":\"ver_abc.123\",\"url\":\"https://app.dokai.dev/verify/x\","
                + "\"status\":\"pending\"}"));

        assertThatThrownBy(() -> dokai().verifySessions().create(CreateKycSessionParams.builder().build()))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("the sessionId it gave is one this client would refuse to send back");
    }

    /**
     * A read answered with another session (a proxy or a cache that mixed answers up) is malformed:
     * before, {@code retrieve} and {@code awaitResult} handed its outcome and identity, another
     * person's, to the session asked for. The wait rides it out and takes its own session's answer.
     */
    @Test
    void anAnswerAboutAnotherSessionIsNeverTakenForTheOneAskedFor() {
        String other = VERIFIED.replace("ver_abc123", "ver_someoneelse");
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, other));
        }

        assertThatThrownBy(() -> dokai().verifySessions().retrieve("ver_abc123"))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("of session ver_abc123 was about another session")
                .message().doesNotContain("AHMAD");

        server.enqueue(json(200, other));
        server.enqueue(json(200, VERIFIED));
        KycSession done = dokai.verifySessions().awaitResult("ver_abc123");
        assertThat(done.id()).isEqualTo("ver_abc123");
        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
    }

    /**
     * A text field sent as a whole number reads the same from a read (a streamed body) and from a
     * webhook (a JSON tree, whose numbers are doubles): before, the webhook's read
     * {@code "9.01215085523E11"}.
     */
    @Test
    void textSentAsAWholeNumberReadsTheSameByRetrieveAndByWebhook() {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"identity\":{\"name\":\"AHMAD\",\"id_number\":901215085523}";
        server.enqueue(json(200, session + "}"));
        byte[] delivery = (session + ",\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_wire").scheduler(time).build();

        KycSession read = dokai().verifySessions().retrieve("ver_abc123");
        DokaiWebhookEvent event = verifier.verifyAndParse(delivery, WebhookSigner.of("whsec_wire").sign(delivery));

        assertThat(read.identity().flatMap(Identity::idNumber)).contains("901215085523");
        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                completed -> assertThat(completed.session().identity().flatMap(Identity::idNumber)).contains("901215085523"));
    }

    /**
     * A failed session ("no face detected") with a face match that has no score and liveness checks
     * that are not numbers: the session was refused whole
     * (required attributes not set), so a genuine webhook delivery of it was answered 400 and never
     * handled, however often Dokai sent it. The sections that do not fit are kept as they came.
     */
    @Test
    void sectionsOfASessionThatDoNotFitTheirTypesAreKeptAsTheyCameByRetrieveAndByWebhook() {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"failed\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":false,\"score\":null,\"threshold\":0.363},"
                + "\"liveness\":{\"passed\":false,\"score\":0.1,\"checks\":{\"texture\":\"n/a\"}},"
                + "\"identity\":{\"name\":\"AHMAD\"}";
        server.enqueue(json(200, session + "}"));
        byte[] delivery = (session + ",\"event\":\"verification.failed\"}").getBytes(StandardCharsets.UTF_8);
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_wire").scheduler(time).build();
        List<DokaiWebhookEvent> handled = new ArrayList<>();

        KycSession read = dokai().verifySessions().retrieve("ver_abc123");
        WebhookOutcome outcome = verifier.handle(delivery, WebhookSigner.of("whsec_wire").sign(delivery), handled::add);

        for (KycSession each : List.of(read, ((DokaiWebhookEvent.Failed) handled.get(0)).session())) {
            assertThat(each.status().is(KycStatus.FAILED)).isTrue();
            assertThat(each.faceMatch()).isEmpty();
            assertThat(each.liveness()).isEmpty();
            assertThat(each.identity().flatMap(Identity::name)).contains("AHMAD");
            assertThat(each.additionalProperties())
                    .hasEntrySatisfying("face_match", match -> assertThat(match).asString().contains("matched=false"))
                    .hasEntrySatisfying("liveness", liveness -> assertThat(liveness).asString().contains("texture=n/a"));
        }
        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).hasSize(1);
    }

    /**
     * A session whose dates are no ISO-8601 instants (a garbled {@code created_at}, an
     * {@code expires_at} in epoch seconds): the session was refused whole, so a genuine webhook
     * delivery of it was answered 400 on every retry. The dates are left unset and kept as they came.
     */
    @Test
    void datesThatAreNoInstantsAreKeptAsTheyCameByRetrieveAndByWebhook() {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"created_at\":\"11/03/2026 10:30\",\"expires_at\":1773311400";
        server.enqueue(json(200, session + "}"));
        byte[] delivery = (session + ",\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_wire").scheduler(time).build();
        List<DokaiWebhookEvent> handled = new ArrayList<>();

        KycSession read = dokai().verifySessions().retrieve("ver_abc123");
        WebhookOutcome outcome = verifier.handle(delivery, WebhookSigner.of("whsec_wire").sign(delivery), handled::add);

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        for (KycSession each : List.of(read, ((DokaiWebhookEvent.Completed) handled.get(0)).session())) {
            assertThat(each.status().is(KycStatus.VERIFIED)).isTrue();
            assertThat(each.createdAt()).isEmpty();
            assertThat(each.expiresAt()).isEmpty();
            assertThat(each.additionalProperties()).containsEntry("created_at", "11/03/2026 10:30")
                    .containsEntry("expires_at", 1.7733114E9);
        }
    }

    /**
     * README: a result section that does not fit its type ("liveness checks that are not numbers") is
     * kept in {@code additionalProperties()} as it came. Scores and checks sent as JSON strings
     * ({@code "0.85"}) were taken as numbers (Moshi's {@code nextDouble()} parses a string).
     */
    @Test
    void scoresAndLivenessChecksThatAreTextAreKeptAsTheyCame() {
        server.enqueue(json(200, "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":\"0.92\",\"threshold\":0.363},"
                + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"texture\":\"0.85\"}}}"));

        KycSession session = dokai().verifySessions().retrieve("ver_abc123");

        assertThat(session.liveness()).as("liveness whose checks are not numbers").isEmpty();
        assertThat(session.faceMatch()).as("a face match whose score is not a number").isEmpty();
        assertThat(session.additionalProperties()).containsKeys("liveness", "face_match");
    }

    @Test
    void aCreateRefusesAnIdempotencyKeyDokaiWouldIgnoreAndSendsNothing() {
        // With a key, the transport took the create for safe to send again: each retry made a session.
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().create(CreateKycSessionParams.builder().build(),
                RequestOptions.builder().idempotencyKey(IdempotencyKey.of("kyc-1")).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"))
                .hasMessageContaining("not sent again once it may have arrived");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void createSendsSnakeCaseParamsAndReadsThe201() throws Exception {
        server.enqueue(json(201, "{\"id\":\"ver_abc123\",\"url\":\"https://app.dokai.dev/verify/eyJx\","
                + "\"status\":\"pending\",\"expires_at\":\"2026-03-12T10:30:00Z\"}"));

        KycSession session = dokai().verifySessions().create(CreateKycSessionParams.builder()
                .webhookUrl("https://hooks.example.com/dokai").documentType("identity_card").documentBrand("mykad").build());

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/dokai/v1/verify/session");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getBody().utf8()).isEqualTo("{\"webhook_url\":\"https://hooks.example.com/dokai\","
                + "\"document_type\":\"identity_card\",\"document_brand\":\"mykad\"}");
        assertThat(session.id()).isEqualTo("ver_abc123");
        assertThat(session.url()).contains("https://app.dokai.dev/verify/eyJx");
        assertThat(session.status()).isEqualTo(OpenEnum.known(KycStatus.PENDING));
        assertThat(session.expiresAt()).contains(Instant.parse("2026-03-12T10:30:00Z"));
        assertThat(session.faceMatch()).isEmpty();
        assertThat(session.liveness()).isEmpty();
        assertThat(session.identity()).isEmpty();
        assertThat(session.isTerminal()).isFalse();
    }

    /**
     * A client built without a base URL talks to Dokai's own: "Base URL {@code https://api.dokai.dev}",
     * the create at {@code POST /v1/verify/session}, the read at {@code GET /v1/verify/session/:id},
     * each with the key as a Bearer token. The application's interceptor answers, so nothing leaves
     * the machine.
     */
    @Test
    void withoutABaseUrlTheClientTalksToDokaisOwn() {
        List<Request> sent = new CopyOnWriteArrayList<>();
        OkHttpClient application = new OkHttpClient.Builder().addInterceptor(chain -> {
            Request request = chain.request();
            sent.add(request);
            boolean create = request.method().equals("POST");
            return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(create ? 201 : 200)
                    .message(create ? "Created" : "OK")
                    .body(ResponseBody.create(create ? CREATED : VERIFIED, MediaType.get("application/json"))).build();
        }).build();
        dokai = DokaiClient.builder().apiKey(KEY).okHttpClient(application).scheduler(time).build();

        dokai.verifySessions().create(CreateKycSessionParams.none());
        dokai.verifySessions().retrieve("ver_abc123");

        assertThat(sent).extracting(request -> request.method() + " " + request.url())
                .containsExactly("POST https://api.dokai.dev/v1/verify/session",
                        "GET https://api.dokai.dev/v1/verify/session/ver_abc123");
        assertThat(sent).extracting(request -> request.header("Authorization")).containsOnly("Bearer " + KEY);
        application.dispatcher().executorService().shutdown();
    }

    @Test
    void aCreateWithoutParamsSendsAnEmptyObjectAndLoopbackHttpWebhooksAreAllowed() throws Exception {
        server.enqueue(json(201, CREATED));
        server.enqueue(json(201, CREATED));

        dokai().verifySessions().create(CreateKycSessionParams.none());
        dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl("http://127.0.0.1:8080/hook").build());

        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"webhook_url\":\"http://127.0.0.1:8080/hook\"}");
    }

    /**
     * The webhook URL sent is the one checked, in its canonical form: as typed, a backslash before an
     * {@code @} names the host after it to a URL parser that is not the WHATWG one (which reads it as
     * a path separator, as the check did), so Dokai could post the outcome to another host.
     */
    @Test
    void theWebhookUrlIsSentAsItWasChecked() throws Exception {
        server.enqueue(json(201, CREATED));

        CreateKycSessionParams params = CreateKycSessionParams.builder()
                .webhookUrl(" HTTPS://Hooks.Example.com\\@attacker.example/dokai ").build();
        dokai().verifySessions().create(params);

        assertThat(params.webhookUrl()).contains("https://hooks.example.com/@attacker.example/dokai");
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"webhook_url\":\"https://hooks.example.com/@attacker.example/dokai\"}");
        assertThat(CreateKycSessionParams.builder().webhookUrl("https://hooks.example.com/dokai?a=1").build().webhookUrl())
                .as("a canonical one is kept as it is").contains("https://hooks.example.com/dokai?a=1");
    }

    @Test
    void theDocumentedResultIsReadWithEverySection() throws Exception {
        server.enqueue(json(200, VERIFIED));

        KycSession session = dokai().verifySessions().retrieve("ver_abc123");

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/dokai/v1/verify/session/ver_abc123");
        assertThat(session.isTerminal()).isTrue();
        assertThat(session.type()).contains("hosted");
        assertThat(session.faceMatch()).contains(FaceMatch.builder().matched(true).score(0.92).threshold(0.363).build());
        Liveness liveness = session.liveness().orElseThrow();
        assertThat(liveness.passed()).isTrue();
        assertThat(liveness.texture()).hasValue(0.85);
        assertThat(liveness.frequency()).hasValue(0.80);
        assertThat(liveness.reflection()).hasValue(0.72);
        assertThat(liveness.sharpness()).hasValue(0.92);
        assertThat(liveness.color()).hasValue(0.75);
        assertThat(liveness.check("glare")).hasValue(0.5);
        Identity identity = session.identity().orElseThrow();
        assertThat(identity.name()).contains("AHMAD BIN IBRAHIM");
        assertThat(identity.idNumber()).contains("901215-08-5523");
        assertThat(identity.toString()).doesNotContain("AHMAD").doesNotContain("901215");
        assertThat(session.createdAt()).contains(T0);
    }

    @Test
    void anUnknownStatusIsKept() {
        server.enqueue(json(200, status("manual_review", "2026-03-12T10:30:00Z")));

        KycSession session = dokai().verifySessions().retrieve("ver_abc123");

        assertThat(session.status().value()).isEqualTo(KycStatus.UNKNOWN);
        assertThat(session.status().raw()).isEqualTo("manual_review");
        assertThat(session.isTerminal()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "401, unauthorized, AuthenticationException",
        "403, feature_not_enabled, PermissionException",
        "404, not_found, NotFoundException",
        "400, invalid_request, InvalidRequestException",
        "422, webhook_domain_not_allowed, InvalidRequestException",
    })
    void errorsMapToTypedExceptionsKeepingTheCode(int status, String code, String type) {
        server.enqueue(json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"refused " + KEY + "\"}}"));

        assertThatThrownBy(() -> dokai().verifySessions().create(CreateKycSessionParams.none()))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(type))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).contains(code);
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
    }

    /**
     * An {@code error} object one of whose members has an unexpected type (a message given as an object
     * or a list, a code as a number or a boolean) lost the whole object: the caller saw "HTTP 422" with no
     * code and no message of the service's, though the other member was there. Each member is read on its
     * own, as Dock's refusals are: the one that is text is kept (redacted; a whole number as its digits, as
     * before), the other left out.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "422 | {\"error\":{\"code\":\"webhook_domain_not_allowed\",\"message\":{\"en\":\"not allowed\"}}} | InvalidRequestException | webhook_domain_not_allowed | ",
        "404 | {\"error\":{\"code\":\"not_found\",\"message\":[\"Session\",\"not found\"]}} | NotFoundException | not_found | ",
        "403 | {\"error\":{\"code\":true,\"message\":\"Feature kyc_verification is not enabled\"}} | PermissionException | | Feature kyc_verification is not enabled",
        "429 | {\"error\":{\"code\":{\"id\":7},\"message\":\"Slow down\"}} | RateLimitException | | Slow down",
        "404 | {\"error\":{\"code\":404,\"message\":\"Session not found\"}} | NotFoundException | 404 | Session not found",
    })
    void anErrorMemberOfAnUnexpectedTypeLosesOnlyItself(int status, String body, String type, String code, String message) {
        server.enqueue(json(status, body));

        assertThatThrownBy(() -> dokai().verifySessions().create(CreateKycSessionParams.none()))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(type))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(Optional.ofNullable(code));
                    assertThat(e.serviceMessage()).isEqualTo(Optional.ofNullable(message));
                });
    }

    /**
     * A {@code webhookUrl} with user-info ({@code https://hook:PASSWORD@host}, a receiver behind HTTP
     * Basic) was accepted, though a base URL with one is refused, and
     * {@code CreateKycSessionParams.toString()} printed the password.
     */
    @Test
    void aWebhookUrlWithUserInfoIsRefusedNeverQuoted() {
        for (String withUserInfo : new String[] {"https://hook:S3cretHookPassw0rd@hooks.example.com/dokai",
                "https://S3cretHookPassw0rd@hooks.example.com/dokai"}) {
            assertThatThrownBy(() -> CreateKycSessionParams.builder().webhookUrl(withUserInfo).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("webhookUrl");
                        assertThat(e.rule()).contains("user-info");
                        assertThat(e.getMessage()).doesNotContain("S3cretHookPassw0rd");
                    });
        }
    }

    /**
     * A webhook host that ends in a number is an IPv4 address to a WHATWG URL parser (Node's, a
     * browser's), which reads {@code 1.2.3} as 1.2.0.3 and {@code 0x7f.1} as 127.0.0.1, and refuses
     * {@code 256.1.1.1} or {@code example.123}; OkHttp checked each as a domain name. So it is refused
     * unless it is an IPv4 address written as four numbers 0 to 255 (without leading zeros, which a
     * WHATWG parser reads as octal), the promise being that Dokai reads the host that was checked.
     */
    @Test
    void aWebhookHostEndingInANumberMustBeAnIpv4AddressInFull() {
        for (String bad : new String[] {"https://256.1.1.1/h", "https://1.2.3/h", "https://0x7f.1/h",
                "https://example.123/h", "https://2130706433/h", "https://010.1.1.1/h", "https://1.2.3.4.5/h",
                "https://hooks.example.0x1/h", "http://127.1/h"}) {
            assertThatThrownBy(() -> CreateKycSessionParams.builder().webhookUrl(bad).build()).as(bad)
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("webhookUrl");
                        assertThat(e.rule()).contains("four numbers 0 to 255");
                    });
        }
        for (String good : new String[] {"https://1.2.3.4/h", "https://255.255.255.255/h", "https://1.2.3.4./h",
                "https://123.example.com/h", "https://hooks.example.com1/h", "http://127.0.0.1:8080/h",
                "http://[::1]/h"}) {
            assertThat(CreateKycSessionParams.builder().webhookUrl(good).build().webhookUrl()).as(good).isPresent();
        }
    }

    @Test
    void invalidInputIsRefusedBeforeAnyRequest() {
        DokaiClient dokai = dokai();
        for (String bad : new String[] {"http://hooks.example.com/dokai", "hooks.example.com/dokai", "ftp://x.example/h",
                "https://hooks.example.com/dokai#frag", ""}) {
            assertThatThrownBy(() -> CreateKycSessionParams.builder().webhookUrl(bad).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("webhookUrl"));
        }
        assertThatThrownBy(() -> CreateKycSessionParams.builder().documentType(" ").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("documentType"));
        assertThatThrownBy(() -> CreateKycSessionParams.builder().documentBrand("x".repeat(65)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("documentBrand"));
        for (String bad : new String[] {"", "ver/../x", "ver abc", null}) {
            assertThatThrownBy(() -> dokai.verifySessions().retrieve(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        }
        // a wait names which of its two options arguments is missing: both were "options"
        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc", WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> dokai.verifySessions().awaitResultAsync("ver_abc", WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc", null, RequestOptions.none()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("options"));
        assertThatThrownBy(() -> DokaiClient.builder().build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("apiKey"));
        assertThatThrownBy(() -> DokaiClient.builder().apiKey("k").initialPollInterval(Duration.ofSeconds(5))
                .maxPollInterval(Duration.ofSeconds(2)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxPollInterval"));
        assertThat(server.getRequestCount()).isZero();
        assertThat(dokai.toString()).doesNotContain(KEY);
    }

    /** The rule's own words: 1 to 64 characters, so 64 are taken (65 are refused above). */
    @Test
    void aDocumentTypeOrBrandOfSixtyFourCharactersIsTaken() {
        CreateKycSessionParams params = CreateKycSessionParams.builder().documentType("t".repeat(64))
                .documentBrand("b".repeat(64)).build();

        assertThat(params.documentType()).contains("t".repeat(64));
        assertThat(params.documentBrand()).contains("b".repeat(64));
    }

    /**
     * A lone surrogate cannot be written as UTF-8 (the body would carry {@code ?}, a type the caller
     * never gave): refused when built, naming the field and the rule, not quoting the value.
     */
    @Test
    void aDocumentTypeOrBrandThatIsNoWellFormedTextIsRefusedNamingTheField() {
        assertThatThrownBy(() -> CreateKycSessionParams.builder().documentType("identity\uD800card").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("documentType");
                    assertThat(e).hasMessageContaining("lone surrogate").hasMessageNotContaining("identity");
                });
        assertThatThrownBy(() -> CreateKycSessionParams.builder().documentBrand("\uDC00MY").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("documentBrand"));
    }

    @Test
    void anAwaitBacksOffUntilTheOutcome() {
        String expires = "2026-03-12T10:30:00Z";
        server.enqueue(json(200, status("pending", expires)));
        server.enqueue(json(200, status("document_uploaded", expires)));
        server.enqueue(json(200, status("processing", expires)));
        server.enqueue(json(200, VERIFIED));

        KycSession done = dokai().verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(4500));
    }

    /**
     * {@code WaitOptions.pollInterval}: "The interval between request starts while the result is
     * pending, instead of the service's". An await given 5 s read every 5 s: before, the caller's
     * interval only replaced the client's first one and then grew by half as the client's does (5 s,
     * 7.5 s, 11.25 s, … up to 30 s), slower than asked.
     */
    @Test
    void anAwaitWithItsOwnPollIntervalReadsAtThatInterval() {
        String expires = "2026-03-12T10:30:00Z";
        server.enqueue(json(200, status("pending", expires)));
        server.enqueue(json(200, status("document_uploaded", expires)));
        server.enqueue(json(200, status("processing", expires)));
        server.enqueue(json(200, VERIFIED));

        KycSession done = dokai().verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofSeconds(5)).build());

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(time.sleeps()).as("the waits between the reads")
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * An unknown status goes on waiting, and the wait's progress (a listener's, and the debug log's)
     * names it: as the server's text, redacted and cut, so a server echoing the key there, or
     * sending megabytes, reaches neither.
     */
    @Test
    void anUnknownStatusInTheWaitsProgressIsRedactedAndCut() {
        String expires = "2026-03-12T10:30:00Z";
        server.enqueue(json(200, status("review by " + KEY, expires)));
        server.enqueue(json(200, status("x".repeat(100_000), expires)));
        server.enqueue(json(200, VERIFIED));
        java.util.List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();

        dokai().verifySessions().awaitResult("ver_abc123", dev.verifykit.poll.WaitOptions.builder()
                .listener(progress -> statuses.add(progress.lastStatus())).build());

        assertThat(statuses).hasSize(2);
        assertThat(statuses.get(0)).isEqualTo("review by [REDACTED]");
        assertThat(statuses.get(1)).hasSizeLessThan(1_100).endsWith("… (100000 characters)");
    }

    @Test
    void theBackoffStopsAtItsMaximum() {
        DokaiClient dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString()).scheduler(time)
                .initialPollInterval(Duration.ofSeconds(20)).build();
        this.dokai = dokai;
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, status("pending", "2026-03-12T10:30:00Z")));
        }
        server.enqueue(json(200, status("failed", "2026-03-12T10:30:00Z")));

        KycSession done = dokai.verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.FAILED);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void anAwaitEndsAtTheSessionsExpiry() {
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, status("pending", T0.plusSeconds(10).toString())));
        }

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123"))
                .isInstanceOfSatisfying(WaitTimeoutException.class,
                        e -> assertThat(e.getMessage()).contains("expires_at"));
        assertThat(server.getRequestCount()).isLessThan(10);
        assertThat(time.now()).isAfter(T0.plusSeconds(15));
    }

    /**
     * The one read after the session's end (an outcome reached between the last read and the end
     * would show there) fails: the wait gives up as at the end, not after a round of retries ending
     * with the 503 (found by the review of the session's own diff).
     */
    @Test
    void theOneReadAfterTheEndFailingEndsTheWaitAtTheExpiry() {
        List<Instant> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                asked.add(time.now());
                return time.now().isBefore(T0.plusSeconds(15)) ? json(200, status("pending", T0.plusSeconds(10).toString()))
                        : json(503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}");
            }
        });

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123"))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.getMessage()).contains("expires_at"));
        assertThat(asked).filteredOn(at -> !at.isBefore(T0.plusSeconds(15))).as("reads after the end").hasSize(1);
    }

    /**
     * A refusal asking to come back at once (Retry-After: 0, or a date past) is waited to the wait's
     * own interval (2 s at first): before, the wait asked again within a fraction of a second, about
     * three times a second until its failures ran out.
     */
    @Test
    void aRefusalAskingToComeBackAtOnceIsWaitedToTheWaitsInterval() {
        server.enqueue(json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}")
                .newBuilder().setHeader("Retry-After", "0").build());
        server.enqueue(json(200, VERIFIED));

        KycSession done = dokai().verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(time.sleeps()).singleElement()
                .satisfies(pause -> assertThat(pause).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    /**
     * A 503 asking to come back in 5 s is retried after 5 s (and a jitter), by a retrieve and by a
     * wait, as the transport's own retries obey a {@code Retry-After} of any refusal: before, only a
     * 429's hint was read, and both asked again within half a second.
     */
    @Test
    void aServiceUnavailableAnswersRetryAfterIsObeyedByReadsAndWaits() {
        MockResponse busy = new MockResponse.Builder().code(503).setHeader("Retry-After", "5").body("busy").build();
        server.enqueue(busy);
        server.enqueue(json(200, VERIFIED));
        server.enqueue(busy);
        server.enqueue(json(200, VERIFIED));
        DokaiClient dokai = dokai();

        dokai.verifySessions().retrieve("ver_abc123");
        dokai.verifySessions().awaitResult("ver_abc123");

        assertThat(time.sleeps()).hasSize(2).allSatisfy(pause -> assertThat(pause)
                .isBetween(Duration.ofSeconds(5), Duration.ofMillis(5_500)));
    }

    /**
     * Dokai's clock is two minutes behind this client's, and the session has 30 s left by it: the
     * expiry is read on Dokai's clock (its answers' {@code Date}), so the await goes on to the outcome
     * rather than giving up on a session it took for expired.
     */
    @Test
    void anAwaitReadsTheSessionsExpiryOnTheServersClock() {
        Duration behind = Duration.ofSeconds(-120);
        String expiresAt = T0.plus(behind).plusSeconds(30).toString();
        server.setDispatcher(new SkewedClockDispatcher(time, behind).answer(json(200, status("pending", expiresAt)), 3)
                .answer(json(200, status("verified", expiresAt)), 1));

        KycSession done = dokai().verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    /**
     * A session read an hour after its {@code expires_at} that Dokai still answers {@code pending} (its
     * status not yet turned to {@code expired}: a backstop reading an old session, as the README
     * recommends), its answers dated by Dokai's clock, which is the client's. The wait read it every
     * 30 s for the session lifetime (24 h) from its start instead of ending as {@code awaitResult}
     * promises: an end already past was taken for an answer contradicting itself and dropped, so the
     * expiry rule never applied. The read that showed the end started after it: it is the read after
     * the end, and the wait ends without another (a second read went out at once, under the 1-s minimum
     * between Dokai's requests).
     */
    @Test
    void anAwaitOfASessionStillPendingPastItsExpiryOnDokaisClockEndsAfterTheReadThatShowedIt() {
        String pastItsEnd = "{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\",\"created_at\":\""
                + T0.minus(Duration.ofHours(25)) + "\",\"expires_at\":\"" + T0.minus(Duration.ofHours(1)) + "\"}";
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ZERO).answer(json(200, pastItsEnd), 10));

        // a cap only so that the test ends: without the fix the wait reads every 30 s for 24 hours
        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(10).build()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.getMessage())
                        .contains("passed its expires_at (" + T0.minus(Duration.ofHours(1)) + ")"));
        assertThat(server.getRequestCount()).as("the read that showed the end, started after it").isEqualTo(1);
    }

    /**
     * The same on a client that has run for hours (its monotonic clock far from where it started):
     * the read that showed the end started after it, so it is the read after the end, and the wait
     * ends having made that one request, as its exception counts.
     */
    @Test
    void aWaitBegunHoursIntoTheClientsLifeEndsAfterTheReadThatShowedThePastEnd() {
        time.advance(Duration.ofHours(3));
        String pastItsEnd = "{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\",\"expires_at\":\""
                + time.now().minus(Duration.ofHours(1)) + "\"}";
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ZERO).answer(json(200, pastItsEnd), 10));

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(10).build()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).contains("passed its expires_at");
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThat(server.getRequestCount()).as("the read that showed the end, started after it").isEqualTo(1);
    }

    /**
     * The same answers without a {@code Date}: nothing shows the end past but the answer itself, which
     * still goes by the session, so the end is not believed and the wait goes on asking (an RPC expiry
     * in seconds read as milliseconds lands in 1970), here until its request cap.
     */
    @Test
    void anAwaitOfASessionPendingPastItsExpiryWithoutADateGoesOnAsking() {
        String pastItsEnd = status("pending", T0.minus(Duration.ofHours(1)).toString());
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, pastItsEnd));
        }

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(3).build()))
                .isInstanceOf(PollCapException.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /**
     * Answers dated three days ahead of the client's clock (a proxy's or an unset clock, not Dokai's)
     * show a live session's end long past: a {@code Date} that far off is not believed, so the end is
     * not taken as passed and the wait goes on to the outcome.
     */
    @Test
    void aDateFarOffTheLocalClockDoesNotEndTheWaitOfALiveSession() {
        String expiresAt = T0.plus(Duration.ofHours(10)).toString();
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ofDays(3))
                .answer(json(200, status("pending", expiresAt)), 2).answer(json(200, status("verified", expiresAt)), 1));

        KycSession done = dokai().verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /**
     * The machine's clock is 20 minutes slow, Dokai's right, and NTP corrects the machine's clock right
     * after the wait's first read; the session ends a minute after it began (reads at 0, 20, 50 and
     * 80 s), its outcome reached before that end and shown by the read after it. The wait kept the
     * session's end on the wall clock as it was at the first read, twenty minutes before the corrected
     * one, so its next turn took the live session for ended and spent on it the one read the wait makes
     * past the end; at the true end it then gave up without that read ({@code WaitTimeoutException},
     * "passed its expires_at"), and the outcome went unread. The end is now kept on the monotonic
     * clock, which no step moves.
     */
    @Test
    void aWallClockCorrectedDuringTheWaitKeepsTheReadAfterTheSessionsEnd() {
        String expiresAt = T0.plusSeconds(60).toString();
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ZERO)
                .answer(json(200, status("pending", expiresAt)), 3).answer(json(200, status("verified", expiresAt)), 1));
        SteppedClock machine = new SteppedClock(time).wallOff(Duration.ofMinutes(-20));
        dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString()).scheduler(machine)
                .initialPollInterval(Duration.ofSeconds(20)).build();

        KycSession done = dokai.verifySessions().awaitResult("ver_abc123", WaitOptions.builder()
                .listener(progress -> machine.wallOff(Duration.ZERO)) // NTP steps the clock after the first read
                .build());

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(time.now()).as("the last read came past the end and its grace").isAfter(T0.plusSeconds(65));
    }

    /**
     * A wait on a session a minute from its {@code expires_at} said a whole session lifetime (24 h and
     * the grace) was left ({@link WaitProgress#remaining()}, the CLI's "left" of {@code dokai wait}): it
     * counted to its own bound, while it ends after one more read past the session's end, which it
     * knows on Dokai's clock (here 10 minutes ahead of the machine's). It counts down to that end and
     * the 5-s grace now (from each answer's {@code Date}, cut to the second), then is zero for the
     * read past it.
     */
    @Test
    void theWaitsProgressCountsToTheSessionsEndOnDokaisClockAndTheGrace() {
        Duration ahead = Duration.ofMinutes(10);
        String expiresAt = T0.plus(ahead).plusSeconds(60).toString();
        server.setDispatcher(new SkewedClockDispatcher(time, ahead).answer(json(200, status("pending", expiresAt)), 100));
        Instant endAndGrace = T0.plusSeconds(65);
        List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Duration> left = new java.util.concurrent.CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123", WaitOptions.builder().listener(p -> {
            Instant date = time.now().truncatedTo(ChronoUnit.SECONDS); // the answer's, on the client's clock
            Duration expected = date.isBefore(endAndGrace) ? Duration.between(date, endAndGrace) : Duration.ZERO;
            left.add(p.remaining().orElseThrow());
            if (!p.remaining().orElseThrow().equals(expected)) {
                wrong.add(time.now() + ": " + p.remaining().orElseThrow() + " left, expected " + expected);
            }
        }).build())).isInstanceOf(WaitTimeoutException.class);

        assertThat(left).as("after the first read").first().isEqualTo(Duration.ofSeconds(65));
        assertThat(wrong).isEmpty();
        assertThat(left).as("counted down, then one read past the end").hasSizeGreaterThan(2).last()
                .isEqualTo(Duration.ZERO);
    }

    /**
     * Each body is malformed in itself, with the session's own id, so that none fails as "about
     * another session" (a part that does not fit, a face match without a score, say, is kept among
     * {@code additionalProperties()} instead: {@link #sectionsOfASessionThatDoNotFitTheirTypesAreKeptAsTheyCameByRetrieveAndByWebhook}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"pending\"}", "[]", "<html/>", "{\"id\":\"ver_abc123\",\"status\":{\"x\":1}}",
        "{\"id\":null,\"status\":\"pending\"}", "{\"id\":\"ver_abc123\",\"status\":null}"})
    void aSuccessThatIsNotASessionIsMalformedAfterTheReadsRetries(String body) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, body));
        }

        assertThatThrownBy(() -> dokai().verifySessions().retrieve("ver_abc123"))
                .isInstanceOf(dev.verifykit.error.MalformedResponseException.class)
                .hasMessageNotContaining("another session");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /** Fakes for integrators' tests: values with equality, a copy to change, and the required fields checked. */
    @Test
    void buildersLetIntegratorsBuildFakes() {
        KycSession fake = KycSession.builder().id("ver_1").status(KycStatus.VERIFIED)
                .faceMatch(FaceMatch.builder().matched(true).score(0.92).threshold(0.363).build())
                .liveness(Liveness.builder().passed(true).score(0.78).putChecks("texture", 0.85).build())
                .identity(Identity.builder().name("A. Example").build())
                .build();

        assertThat(fake.isTerminal()).isTrue();
        assertThat(fake.url()).isEmpty();
        assertThat(fake.liveness().orElseThrow().texture()).hasValue(0.85);
        assertThat(fake.liveness().orElseThrow().color()).isEmpty();
        assertThat(fake.identity().orElseThrow().idNumber()).isEmpty();
        assertThat(fake.additionalProperties()).isEmpty();
        assertThat(fake.toBuilder().build()).isEqualTo(fake).hasSameHashCodeAs(fake);
        assertThat(fake.toBuilder().status(KycStatus.UNVERIFIED).build()).isNotEqualTo(fake);
        assertThat(fake.toString()).startsWith("KycSession{id=ver_1").contains("status=verified")
                .doesNotContain("A. Example");
        assertThatThrownBy(() -> KycSession.builder().id("ver_1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status");
        assertThatThrownBy(() -> FaceMatch.builder().matched(true).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("score").hasMessageContaining("threshold");
        assertThatThrownBy(() -> Liveness.builder().score(1).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("passed");
    }

    /** Fields the service adds are kept, at every level, and left out of toString() (they may hold personal data). */
    @Test
    void unknownFieldsAreKeptAsAdditionalProperties() {
        server.enqueue(json(200, VERIFIED.replace("\"threshold\":0.363", "\"threshold\":0.363,\"model\":\"fm-7\"")
                .replace("\"passed\":true", "\"passed\":true,\"engine\":\"lv-3\"")
                .replace("\"id_number\"", "\"nationality\":\"MY\",\"id_number\"")));

        KycSession session = dokai().verifySessions().retrieve("ver_abc123");

        assertThat(session.additionalProperties()).containsExactly(Map.entry("new_field", Map.of("x", 1.0)));
        assertThat(session.faceMatch().orElseThrow().additionalProperties()).containsExactly(Map.entry("model", "fm-7"));
        assertThat(session.liveness().orElseThrow().additionalProperties()).containsExactly(Map.entry("engine", "lv-3"));
        assertThat(session.liveness().orElseThrow().checks()).doesNotContainKey("engine").containsEntry("glare", 0.5);
        assertThat(session.identity().orElseThrow().additionalProperties()).containsExactly(Map.entry("nationality", "MY"));
        assertThat(session.toString()).contains("additionalProperties=[REDACTED]")
                .doesNotContain("new_field").doesNotContain("fm-7").doesNotContain("lv-3").doesNotContain("nationality");
    }

    /** The identity is personal data: its name and number are never in toString(), not even the session's. */
    @Test
    void theIdentityIsRedactedWhereverItIsShown() {
        server.enqueue(json(200, VERIFIED));

        KycSession session = dokai().verifySessions().retrieve("ver_abc123");

        for (String shown : new String[] {session.toString(), session.identity().orElseThrow().toString()}) {
            assertThat(shown).contains("name=[REDACTED]").contains("idNumber=[REDACTED]")
                    .doesNotContain("AHMAD").doesNotContain("901215");
        }
        assertThat(Identity.builder().build().toString()).doesNotContain("name=").doesNotContain("idNumber=");
    }

    /** {@code count} answers of a pending session, queued. */
    private void pending(int count) {
        for (int i = 0; i < count; i++) {
            server.enqueue(json(200, status("pending", "2026-03-12T10:30:00Z")));
        }
    }

    /**
     * {@code WaitOptions.maxRequests}: "The most requests this wait may make [...] The wait then ends with
     * a {@code PollCapException}". A Dokai wait whose last allowed read answered {@code pending} knew at
     * that answer that it could ask nothing more, yet slept a whole further poll interval, sending
     * nothing, before it threw: up to 30 s at the client's pace, a whole {@code WaitOptions.pollInterval}
     * (here 10 minutes) with the caller's, holding a blocking caller's thread all along (the pattern
     * fixed for the read past a session's end, CHANGELOG "Dokai awaitResult ... the wait slept another
     * poll interval first, sending nothing").
     */
    @Test
    void aWaitAtItsOwnIntervalEndsAtItsLastAllowedReadNotAnIntervalLater() {
        pending(3);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMinutes(10)).maxRequests(1).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }

    @Test
    void aWaitAtTheClientsPaceEndsAtItsLastAllowedRead() {
        pending(5);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(2).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).as("the pause between the two reads, none after the last")
                .containsExactly(Duration.ofSeconds(2));
    }

    /**
     * The same after a failed read: the last allowed read refused with 429 and {@code Retry-After: 600}
     * (or a 503's) made the wait sleep the whole hint, ten minutes, before it threw the
     * {@code PollCapException} that no read could change.
     */
    @Test
    void aWaitWhoseLastAllowedReadFailedEndsAtThatFailureNotAfterItsRetryDelay() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "600")
                .body("{\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests\"}}").build());
        pending(2);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(1).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }

    /**
     * A wait that ends at the failure of its last allowed read ends with that failure as its cause, as
     * {@code WaitException}'s cause is "the last failure" and README's "a call told to wait longer [...]
     * throws at once, the hint in its exception's {@code retryAfter()}": ending at once (not after the
     * hint, as before), its {@code PollCapException} had no cause, so the 429 and its ten-minute
     * {@code Retry-After} were lost to a caller that would wait again.
     */
    @Test
    void aWaitEndedAtItsLastAllowedReadsRefusalKeepsTheRefusalAndItsHint() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "600")
                .body("{\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests\"}}").build());
        pending(2);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(1).build()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.getCause())
                        .as("the last read's refusal, the cause of %s", e)
                        .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.retryAfter())
                                .contains(Duration.ofSeconds(600))));
    }

    /**
     * {@code WaitProgress.nextRequestIn}: "When the wait's next request is planned, from now". After the
     * last read its {@code maxRequests} allows, no request is planned (the wait ends at once with its
     * {@code PollCapException}), yet the progress said the next one comes in 0 ms (the debug log's
     * "next in 0 ms").
     */
    @Test
    void theProgressAfterTheLastAllowedReadPlansNoNextRequest() {
        pending(3);
        DokaiClient dokai = dokai();
        List<WaitProgress> seen = new ArrayList<>();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(2).listener(seen::add).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).nextRequestIn()).as("after the first read").contains(Duration.ofSeconds(2));
        assertThat(seen.get(1).nextRequestIn()).as("after the last allowed read, no request follows").isEmpty();
    }

    /**
     * {@code ApiException.serviceMessage()}: "The service's human-readable message, when it gave one." A
     * Dokai refusal whose {@code error} is a string ({@code {"error":"Invalid API key"}}, an auth layer's
     * answer, not the documented object) became the status's exception with no message of the service's
     * at all, while Dock keeps such a member's text; the caller saw only "HTTP 401". The text is kept, as
     * every server text is, redacted (a key it echoes never shows).
     */
    @Test
    void aStringErrorIsKeptAsTheServicesMessageRedacted() {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"Invalid API key " + KEY + "\"}").build());
        DokaiClient dokai = dokai();

        Throwable thrown = catchThrowable(() -> dokai.verifySessions().retrieve("ver_abc123"));

        assertThat(thrown).isInstanceOf(AuthenticationException.class);
        ApiException refused = (ApiException) thrown;
        assertThat(refused.serviceMessage()).as("the service's message").isPresent();
        assertThat(refused.serviceMessage().orElseThrow()).startsWith("Invalid API key").doesNotContain(KEY);
        assertThat(thrown.getMessage()).contains("Invalid API key").doesNotContain(KEY);
    }
}
