package dev.verifykit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.dock.StreamSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wire fault against every client operation (issue #9): the operation either retries and
 * succeeds, or ends in the typed {@link VerifyKitException} the table names, carrying the request
 * id whenever a response head with {@code X-Request-Id} arrived. Never a raw I/O or runtime
 * exception, never a hang. The table is data: {@link #matrixInReliabilityMdIsCurrent()} keeps
 * {@code RELIABILITY.md} equal to it.
 */
class FaultMatrixTest {
    static final String FAULT_ID = "req_fault";
    static final String DOCK_ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String RPC_ID = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    static final String DOKAI_ID = "ver_abc123";
    static final long MAX_RESPONSE_BYTES = 64 * 1024;
    /**
     * The read timeout, long enough that no answer of a loaded machine passes it (at 400 ms a 503
     * came late once in some twenty stress runs, and a Dokai create failed as a timeout).
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** The read timeout under the stalled body, the one fault that must pass it: the retry's answer has this long. */
    static final Duration STALL_READ_TIMEOUT = Duration.ofSeconds(2);

    // ---- the operations ----

    /** How an operation may repeat a request: that decides which faults it can ride out. */
    enum Kind {
        /** A write with an idempotency key: the transport retries it. */
        KEYED_WRITE,
        /** A write without one (not safe to repeat): retried only when the request never left. */
        UNSAFE_WRITE,
        /** A read made through the waiting engine once: transient failures, malformed bodies included, are retried. */
        CHECKED_READ,
        /** A checked read documented to throw the rate limit: as a checked read, but a 429 ends it at once. */
        CHECKED_READ_RATE_LIMIT_FINAL,
        /** A wait: the waiting engine rides out transient failures until its limits. */
        WAIT
    }

    enum Service { DOCK, DOCK_STREAM, ROBLOX, DOKAI }

    enum Op {
        DOCK_CREATE("Dock create", Kind.KEYED_WRITE, Service.DOCK),
        DOCK_RETRIEVE("Dock retrieve", Kind.CHECKED_READ, Service.DOCK),
        DOCK_LONG_POLL("Dock long-poll wait", Kind.WAIT, Service.DOCK),
        DOCK_SSE_WAIT("Dock SSE wait", Kind.WAIT, Service.DOCK_STREAM),
        RPC_BEGIN("RPC begin", Kind.UNSAFE_WRITE, Service.ROBLOX),
        RPC_CHECK("RPC check", Kind.CHECKED_READ_RATE_LIMIT_FINAL, Service.ROBLOX),
        RPC_COMPLETE("RPC complete", Kind.UNSAFE_WRITE, Service.ROBLOX),
        RPC_AWAIT("RPC await", Kind.WAIT, Service.ROBLOX),
        DOKAI_CREATE("Dokai create", Kind.UNSAFE_WRITE, Service.DOKAI),
        DOKAI_RETRIEVE("Dokai retrieve", Kind.CHECKED_READ, Service.DOKAI),
        DOKAI_AWAIT("Dokai await", Kind.WAIT, Service.DOKAI);

        final String label;
        final Kind kind;
        final Service service;

        Op(String label, Kind kind, Service service) {
            this.label = label;
            this.kind = kind;
            this.service = service;
        }
    }

    // ---- the outcomes ----

    /** What an operation ends with: success, or a typed failure with or without the request id. */
    record Expect(Class<? extends VerifyKitException> failure, boolean requestId) {
        static final Expect OK = new Expect(null, false);

        static Expect of(Class<? extends VerifyKitException> type) {
            return new Expect(type, false);
        }

        static Expect withId(Class<? extends VerifyKitException> type) {
            return new Expect(type, true);
        }

        String cell() {
            if (failure == null) {
                return "ok";
            }
            String name = failure.getSimpleName().replace("Exception", "");
            return requestId ? name + " + id" : name;
        }
    }

    // ---- the faults ----

    /** Where a fault lands: the service's error shapes and the operation's answer. */
    record Target(Service service, String successBody) {
        boolean stream() {
            return service == Service.DOCK_STREAM;
        }
    }

    /**
     * A fault: {@code burst} answers of {@code answer} before the server answers normally (or
     * none: the request never reaches a server), and the outcome expected per kind of operation.
     */
    record Fault(String name, String description, int burst, Function<Target, MockResponse> answer,
            String baseUrl, Map<Kind, Expect> expect) {
        Expect expected(Op op) {
            if (op.kind == Kind.CHECKED_READ_RATE_LIMIT_FINAL) {
                return name.startsWith("429") ? Expect.withId(RateLimitException.class) : expect.get(Kind.CHECKED_READ);
            }
            return expect.get(op.kind);
        }

        String burstLabel() {
            return burst == Integer.MAX_VALUE ? "always" : burst + "×";
        }
    }

    static Map<Kind, Expect> safeOk(Expect unsafe) {
        return Map.of(Kind.KEYED_WRITE, Expect.OK, Kind.CHECKED_READ, Expect.OK,
                Kind.WAIT, Expect.OK, Kind.UNSAFE_WRITE, unsafe);
    }

    static Map<Kind, Expect> all(Expect expect) {
        return Map.of(Kind.KEYED_WRITE, expect, Kind.CHECKED_READ, expect, Kind.WAIT, expect,
                Kind.UNSAFE_WRITE, expect);
    }

    static Map<Kind, Expect> pollerRetries(Expect transportLevel) {
        return Map.of(Kind.KEYED_WRITE, transportLevel, Kind.UNSAFE_WRITE, transportLevel,
                Kind.CHECKED_READ, Expect.OK, Kind.WAIT, Expect.OK);
    }

    static final List<Fault> FAULTS = List.of(
            new Fault("connection refused", "nothing listens on the port", Integer.MAX_VALUE, null, "refused",
                    all(Expect.of(TransportException.class))),
            new Fault("DNS failure", "`https://nonexistent.invalid` does not resolve", Integer.MAX_VALUE, null,
                    "https://nonexistent.invalid", all(Expect.of(TransportException.class))),
            new Fault("reset at request start", "socket closed as the request arrives", 2,
                    t -> new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, true, true)).build(),
                    null, safeOk(Expect.of(TransportException.class))),
            new Fault("shutdown at response start", "connection shut down before the status line", 2,
                    t -> new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build(),
                    null, safeOk(Expect.of(TransportException.class))),
            new Fault("reset mid-body", "head (with id) sent, socket closed inside a 50 KB body (under the 64 KiB"
                    + " limit, which a larger declared body would meet first)", 2,
                    t -> head(200, t.stream() ? "text/event-stream" : "application/json")
                            .body((t.stream() ? ": " : "{\"pad\":\"") + "x".repeat(50_000))
                            .onResponseBody(new SocketEffect.CloseSocket(true, true, true)).build(),
                    null, safeOk(Expect.withId(TransportException.class))),
            new Fault("truncated JSON", "200 whose JSON stops half way (SSE: an event whose data does)", 2,
                    FaultMatrixTest::truncated, null, pollerRetries(Expect.withId(MalformedResponseException.class))),
            new Fault("HTML error page", "502 `text/html` from a proxy", 2,
                    t -> head(502, "text/html").body("<html><body><h1>502 Bad Gateway</h1></body></html>").build(),
                    null, safeOk(Expect.withId(ServerException.class))),
            status(500), status(502), status(503), status(504),
            new Fault("503 persisting", "503 on every attempt", Integer.MAX_VALUE, t -> serviceError(t, 503, null),
                    null, all(Expect.withId(ServerException.class))),
            new Fault("429 + Retry-After seconds", "429 with `Retry-After: 1`", 2, t -> serviceError(t, 429, "1"),
                    null, safeOk(Expect.withId(RateLimitException.class))),
            new Fault("429 + Retry-After date", "429 with `Retry-After` one second ahead as an HTTP date", 2,
                    t -> serviceError(t, 429, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1))),
                    null, safeOk(Expect.withId(RateLimitException.class))),
            new Fault("429 without Retry-After", "429, no hint", 2, t -> serviceError(t, 429, null),
                    null, safeOk(Expect.withId(RateLimitException.class))),
            new Fault("body slower than read timeout", "head at once, then half the body and no byte more until the"
                    + " client gave up (read timeout 2 s; 10 s under the other faults)", 1,
                    t -> head(200, t.stream() ? "text/event-stream" : "application/json").body(t.successBody())
                            .onResponseBody(SocketEffect.Stall.INSTANCE).build(),
                    null, safeOk(Expect.withId(TransportException.class))),
            new Fault("oversized response", "200 of 128 KiB (limit 64 KiB; SSE: a 128 KiB line)", 2,
                    t -> head(200, t.stream() ? "text/event-stream" : "application/json")
                            .body(t.stream() ? "data: " + "x".repeat(128 * 1024) + "\n\n"
                                    : "{\"pad\":\"" + "x".repeat(128 * 1024) + "\"}").build(),
                    null, pollerRetries(Expect.withId(MalformedResponseException.class))));

    static Duration readTimeout(Fault fault) {
        return fault.name().equals("body slower than read timeout") ? STALL_READ_TIMEOUT : READ_TIMEOUT;
    }

    static Fault status(int code) {
        return new Fault(code + " burst", code + " with the service's error body", 2, t -> serviceError(t, code, null),
                null, safeOk(Expect.withId(ServerException.class)));
    }

    /**
     * The faults whose cells wait out real time: a 2-s read timeout, or two {@code Retry-After}s of a
     * second. Their cells ({@link WaitingFaults}) run side by side; all others one after another.
     */
    static final Set<String> WAITING = Set.of("body slower than read timeout", "429 + Retry-After seconds",
            "429 + Retry-After date");

    static Stream<Arguments> matrix() {
        return cells(FAULTS.stream().filter(f -> !WAITING.contains(f.name())));
    }

    static Stream<Arguments> waitingMatrix() {
        return cells(FAULTS.stream().filter(f -> WAITING.contains(f.name())));
    }

    private static Stream<Arguments> cells(Stream<Fault> faults) {
        return faults.flatMap(f -> Stream.of(Op.values()).map(op -> Arguments.of(f.name(), op)));
    }

    static Fault fault(String name) {
        return FAULTS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    // ---- the test ----

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("matrix")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void faultAgainstOperation(String faultName, Op op) throws Exception {
        check(fault(faultName), op);
    }

    /**
     * The cells of the {@link #WAITING} faults, about 2 s each and nearly all of it waiting: run side by
     * side (junit-platform.properties sets the parallelism above their number), the matrix takes
     * seconds instead of a minute. Each cell has its own server and clients, as every cell does.
     */
    @Nested
    @Execution(ExecutionMode.CONCURRENT)
    class WaitingFaults {
        @ParameterizedTest(name = "{0} × {1}")
        @MethodSource("dev.verifykit.reliability.FaultMatrixTest#waitingMatrix")
        @Timeout(value = 30, unit = TimeUnit.SECONDS)
        void faultAgainstOperation(String faultName, Op op) throws Exception {
            check(fault(faultName), op);
        }
    }

    /** Runs {@code op} against its own server serving {@code fault}, and checks the outcome the table names. */
    private static void check(Fault fault, Op op) throws Exception {
        List<AutoCloseable> clients = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try {
                check(fault, op, server, clients);
            } finally {
                for (AutoCloseable client : clients) {
                    client.close();
                }
            }
        }
    }

    private static void check(Fault fault, Op op, MockWebServer server, List<AutoCloseable> clients) throws Exception {
        Script script = new Script(fault);
        server.setDispatcher(script);
        String root = switch (String.valueOf(fault.baseUrl())) {
            case "null" -> server.url("/").toString();
            case "refused" -> closedPort();
            default -> fault.baseUrl() + "/";
        };

        Throwable thrown = null;
        try {
            run(op, root, readTimeout(fault), clients);
        } catch (Throwable t) {
            thrown = t;
        }

        Expect expected = fault.expected(op);
        if (expected.failure() == null) {
            if (thrown != null) {
                fail(op.label + " under " + fault.name() + ": expected success, got " + thrown, thrown);
            }
            assertThat(script.faultsServed.get()).as("faults served").isEqualTo(fault.burst());
        } else {
            assertThat(thrown).as(op.label + " under " + fault.name()).isNotNull();
            if (!expected.failure().isInstance(thrown)) {
                fail(op.label + " under " + fault.name() + ": expected " + expected.failure().getSimpleName()
                        + ", got " + thrown, thrown);
            }
            VerifyKitException typed = (VerifyKitException) thrown;
            if (op.kind == Kind.UNSAFE_WRITE && fault.answer() != null) {
                assertThat(script.faultsServed.get()).as("a write without a key is sent once").isEqualTo(1);
            }
            if (expected.requestId()) {
                assertThat(typed.requestId()).as("request id of " + typed).contains(FAULT_ID);
            } else {
                assertThat(typed.requestId()).as("request id of " + typed).isEmpty();
            }
        }
        List<RecordedRequest> received = script.requests.stream().filter(r -> r.getHeaders().size() > 0).toList();
        if (op == Op.DOCK_CREATE && !received.isEmpty()) {
            assertThat(received).extracting(r -> r.getHeaders().get("Idempotency-Key"))
                    .doesNotContainNull()
                    .as("one Idempotency-Key on every attempt of one create")
                    .containsOnly(received.get(0).getHeaders().get("Idempotency-Key"));
        }
    }

    @Test
    void everyCellHasAnExpectation() {
        for (Fault fault : FAULTS) {
            for (Op op : Op.values()) {
                assertThat(fault.expected(op)).as(fault.name() + " / " + op.label).isNotNull();
            }
        }
    }

    @Test
    void matrixInReliabilityMdIsCurrent() throws IOException {
        String table = table();
        Path target = Path.of("target", "reliability-matrix.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, table, StandardCharsets.UTF_8);
        String doc = Files.readString(Path.of("..", "RELIABILITY.md"), StandardCharsets.UTF_8);
        String start = "<!-- fault-matrix:start -->\n";
        String end = "<!-- fault-matrix:end -->";
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        assertThat(from).as("RELIABILITY.md has the fault-matrix markers").isNotNegative();
        assertThat(doc.substring(from + start.length(), to))
                .as("RELIABILITY.md's fault matrix is stale: copy sdk-sse/target/reliability-matrix.md between the markers")
                .isEqualTo(table);
    }

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| Fault | Attempts faulted |");
        for (Op op : Op.values()) {
            out.append(' ').append(op.label).append(" |");
        }
        out.append("\n|---|---|");
        out.append("---|".repeat(Op.values().length)).append('\n');
        for (Fault fault : FAULTS) {
            out.append("| ").append(fault.name()).append(" | ").append(fault.burstLabel()).append(" |");
            for (Op op : Op.values()) {
                out.append(' ').append(fault.expected(op).cell()).append(" |");
            }
            out.append('\n');
        }
        out.append("\nFaults:\n\n");
        for (Fault fault : FAULTS) {
            out.append("- **").append(fault.name()).append("**: ").append(fault.description()).append(".\n");
        }
        out.append("\nOperations (kind → what may repeat a request):\n\n");
        for (Op op : Op.values()) {
            out.append("- ").append(op.label).append(": ").append(op.kind.name().toLowerCase().replace('_', ' '))
                    .append(".\n");
        }
        return out.toString();
    }

    // ---- running an operation ----

    /**
     * Short backoffs; the faults' {@code Retry-After} (1 s, or a date a second ahead: up to 2 s with
     * the {@code Date} header's whole seconds) is obeyed whole, as a call obeys any hint up to
     * {@code maxRetryAfter} (a longer one would end the call at once).
     */
    private static RetryPolicy fastRetries() {
        return RetryPolicy.builder().baseDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20))
                .maxRetryAfter(Duration.ofSeconds(3)).build();
    }

    private static void run(Op op, String root, Duration readTimeout, List<AutoCloseable> clients) {
        // a create refused with 429 and no Retry-After holds the client's creates a refill: 100 ms here
        DockGuardrails guardrails = DockGuardrails.builder().minPollInterval(Duration.ofMillis(20)).createRefill(Duration.ofMillis(100))
                .maxWait(Duration.ofSeconds(1)).keepAlive(Duration.ofMillis(100)).build();
        WaitOptions wait = WaitOptions.builder().timeout(Duration.ofSeconds(20)).build();
        switch (op.service) {
            case DOCK, DOCK_STREAM -> {
                DockClient dock = keep(clients, DockClient.builder().apiKey("dock_test_free").baseUrl(root + "dock")
                        .guardrails(guardrails).retryPolicy(fastRetries()).readTimeout(readTimeout)
                        .maxResponseBytes(MAX_RESPONSE_BYTES).build());
                switch (op) {
                    case DOCK_CREATE -> assertThat(dock.sessions().create(CreateSessionParams.builder()
                            .pid("PID-FREE0001").clientId("user_1").build()).id()).isEqualTo(DOCK_ID);
                    case DOCK_RETRIEVE -> assertThat(dock.sessions().retrieve(DOCK_ID).isCompleted()).isTrue();
                    case DOCK_LONG_POLL -> assertThat(dock.sessions().awaitCompletion(DOCK_ID, wait).isCompleted()).isTrue();
                    case DOCK_SSE_WAIT -> assertThat(DockSessionStreams.of(dock, StreamSettings.builder()
                            .readTimeout(readTimeout).build()).awaitCompletion(DOCK_ID, wait).isCompleted()).isTrue();
                    default -> throw new AssertionError(op);
                }
            }
            case ROBLOX -> {
                if (op == Op.RPC_COMPLETE) {
                    RobloxGameServerClient game = keep(clients, RobloxGameServerClient.builder().baseUrl(root + "roblox")
                            .verificationSecret("game-secret-7d1f").retryPolicy(fastRetries()).readTimeout(readTimeout)
                            .maxResponseBytes(MAX_RESPONSE_BYTES).build());
                    game.completeVerification("482913", "156319135");
                    return;
                }
                RobloxVerificationClient rpc = keep(clients, RobloxVerificationClient.builder().baseUrl(root + "roblox")
                        .retryPolicy(fastRetries()).readTimeout(readTimeout).maxResponseBytes(MAX_RESPONSE_BYTES)
                        .minCheckInterval(Duration.ofMillis(20)).checkInterval(Duration.ofMillis(20)).build());
                switch (op) {
                    case RPC_BEGIN -> assertThat(rpc.beginVerification().sessionId()).isEqualTo(RPC_ID);
                    case RPC_CHECK -> assertThat(rpc.checkVerification(RPC_ID) instanceof VerificationStatus.Verified).isTrue();
                    case RPC_AWAIT -> assertThat(rpc.awaitVerification(RPC_ID, wait) instanceof VerificationStatus.Verified).isTrue();
                    default -> throw new AssertionError(op);
                }
            }
            case DOKAI -> {
                DokaiClient dokai = keep(clients, DokaiClient.builder().apiKey("dk_test_wire_8c1e").baseUrl(root + "dokai")
                        .retryPolicy(fastRetries()).readTimeout(readTimeout).maxResponseBytes(MAX_RESPONSE_BYTES)
                        .initialPollInterval(Duration.ofMillis(20)).maxPollInterval(Duration.ofMillis(50)).build());
                switch (op) {
                    case DOKAI_CREATE -> assertThat(dokai.verifySessions().create(CreateKycSessionParams.builder().build())
                            .id()).isEqualTo(DOKAI_ID);
                    case DOKAI_RETRIEVE -> assertThat(dokai.verifySessions().retrieve(DOKAI_ID).isTerminal()).isTrue();
                    case DOKAI_AWAIT -> assertThat(dokai.verifySessions().awaitResult(DOKAI_ID, wait).isTerminal()).isTrue();
                    default -> throw new AssertionError(op);
                }
            }
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> clients, T client) {
        clients.add(client);
        return client;
    }

    private static String closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/";
    }

    // ---- the server side ----

    /** Serves the fault {@code burst} times, then each path's normal answer; records every request. */
    static final class Script extends Dispatcher {
        final Fault fault;
        final AtomicInteger faultsServed = new AtomicInteger();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

        Script(Fault fault) {
            this.fault = fault;
        }

        /** MockWebServer applies a request-start effect from the answer it peeks at before reading the request. */
        @Override
        public MockResponse peek() {
            if (fault.answer() != null && faultsServed.get() < fault.burst()) {
                MockResponse next = fault.answer().apply(new Target(Service.DOCK, "{}"));
                if (next.getOnRequestStart() != null) {
                    return next;
                }
            }
            return super.peek();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            Target target = target(request);
            if (fault.answer() != null && faultsServed.get() < fault.burst()) {
                faultsServed.incrementAndGet();
                return fault.answer().apply(target);
            }
            return success(target);
        }
    }

    static Target target(RecordedRequest request) {
        String path = request.getUrl() == null ? "/dock/" : request.getUrl().encodedPath();
        if (path.startsWith("/dock/v2/sessions/") && path.endsWith("/stream")) {
            return new Target(Service.DOCK_STREAM, "retry: 20\n\nevent: session\nid: 1\ndata: " + dockSession("completed")
                    + "\n\n");
        }
        if (path.startsWith("/dock/")) {
            String status = request.getMethod().equals("POST") ? "pending" : "completed";
            return new Target(Service.DOCK, "{\"status\":200,\"data\":" + dockSession(status)
                    + ",\"meta\":{\"requestId\":\"req_ok\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}");
        }
        if (path.startsWith("/roblox/")) {
            long expires = System.currentTimeMillis() + 600_000;
            String data = switch (path) {
                case "/roblox/auth.beginVerification" ->
                        "{\"sessionId\":\"" + RPC_ID + "\",\"code\":\"482913\",\"expiresAt\":" + expires + ",\"placeId\":1818}";
                case "/roblox/auth.checkVerification" -> "{\"status\":\"verified\",\"jwt\":\"" + jwt()
                        + "\",\"user\":{\"robloxUserId\":\"156319135\",\"username\":\"builder\",\"displayName\":\"Builder\","
                        + "\"picture\":\"https://tr.rbxcdn.com/x.png\"}}";
                default -> "{\"ok\":true}";
            };
            return new Target(Service.ROBLOX, "{\"result\":{\"data\":" + data + "}}");
        }
        String status = request.getMethod().equals("POST") ? "pending" : "verified";
        return new Target(Service.DOKAI, "{\"id\":\"" + DOKAI_ID + "\",\"status\":\"" + status + "\",\"type\":\"hosted\","
                + "\"url\":\"https://app.dokai.dev/verify/x\",\"created_at\":\"2026-03-11T10:30:00Z\","
                + "\"expires_at\":\"2099-03-12T10:30:00Z\"}");
    }

    static MockResponse success(Target target) {
        return new MockResponse.Builder().code(target.service() == Service.DOKAI && target.successBody().contains("pending")
                        ? 201 : 200)
                .setHeader("Content-Type", target.stream() ? "text/event-stream" : "application/json")
                .setHeader("X-Request-Id", "req_ok").body(target.successBody()).build();
    }

    static MockResponse.Builder head(int code, String contentType) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType)
                .setHeader("X-Request-Id", FAULT_ID);
    }

    static MockResponse truncated(Target target) {
        if (target.stream()) {
            String event = "event: session\nid: 1\ndata: " + dockSession("completed");
            return head(200, "text/event-stream").body(event.substring(0, event.length() / 2) + "\n\n").build();
        }
        String body = target.successBody();
        return head(200, "application/json").body(body.substring(0, body.length() / 2)).build();
    }

    static MockResponse serviceError(Target target, int code, String retryAfter) {
        String body = switch (target.service()) {
            case DOCK, DOCK_STREAM -> "{\"status\":" + code + ",\"error\":\"" + (code == 429 ? "RATE_LIMITED" : "INTERNAL_ERROR")
                    + "\",\"message\":\"fault\",\"meta\":{\"requestId\":\"" + FAULT_ID
                    + "\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
            case ROBLOX -> "{\"error\":{\"message\":\"fault\",\"code\":" + (code == 429 ? -32029 : -32603)
                    + ",\"data\":{\"code\":\"" + (code == 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_SERVER_ERROR")
                    + "\",\"httpStatus\":" + code + "}}}";
            case DOKAI -> "{\"error\":{\"code\":\"" + (code == 429 ? "rate_limited" : "internal_error")
                    + "\",\"message\":\"fault\"}}";
        };
        MockResponse.Builder builder = head(code, "application/json").body(body);
        if (retryAfter != null) {
            builder.setHeader("Retry-After", retryAfter);
        }
        return builder.build();
    }

    static String dockSession(String status) {
        String result = status.equals("completed")
                ? ",\"result\":{\"discordId\":\"123456789012345678\",\"robloxId\":\"156319135\","
                        + "\"verifiedAt\":\"2026-05-07T00:01:12.000Z\",\"linkChanged\":false,\"previousRobloxId\":null,"
                        + "\"linkVersion\":1,\"linkHash\":\"sha256-x\"}"
                : "";
        return "{\"id\":\"" + DOCK_ID + "\",\"pid\":\"PID-FREE0001\",\"clientId\":\"user_1\",\"guildId\":null,"
                + "\"status\":\"" + status + "\",\"statusReason\":null,\"expiresAt\":\"2099-01-01T00:00:00.000Z\","
                + "\"verifyUrl\":\"https://example.test/v\",\"reusedExisting\":false" + result + "}";
    }

    static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"robloxUserId\":\"156319135\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
