package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.testing.RawServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public call of the three clients, blocking and asynchronous, against the same hostile
 * servers ({@link RawServer}): one that never answers, one that sends a head and no body (a 200's, a
 * refusal's), one that trickles a chunked body a byte at a time forever, one whose chunked body never
 * ends (far past {@code maxResponseBytes}), one that cuts its body short. Each call ends by its
 * documented limit (README, "A timeout is a deadline" and "close() is final"; RELIABILITY.md,
 * Bounds) with the documented type and a message naming the limit, and leaves no connection open.
 * The limits are short only where a limit is what ends the call, against servers that never answer:
 * the call's length is never asserted, only that it ended (a hang guard), and where a call on a busy
 * machine could spend its limit before its request left, the failure that says so is taken too. Where
 * the server's answer ends the call (a bound passed, a body cut), the call's limit is long, so that
 * the answer, not the clock, decides.
 */
class EveryCallEndsByItsLimitTest {
    static final Duration GUARD = Duration.ofSeconds(40);
    static final Duration LIMIT = Duration.ofMillis(300);
    /** A limit no answer of these servers comes near: the answer decides. */
    static final Duration LONG = Duration.ofSeconds(30);
    static final long MAX_BYTES = 64 * 1024;
    static final RequestOptions TIMEOUT = RequestOptions.builder().timeout(LIMIT).build();
    static final RequestOptions LONG_TIMEOUT = RequestOptions.builder().timeout(LONG).build();
    /** A single call's failure when its limit passed before its request could leave (a stalled machine). */
    static final String NOT_SENT = "timed out: its timeout passed before it was sent; nothing was sent";
    static final WaitOptions WAIT = WaitOptions.builder().timeout(LIMIT).build();

    enum Server {
        /** Accepts the connection, reads the request, never answers. */
        SILENT(conn -> { }),
        /** The status line and headers of a 200, then never the body. */
        HEAD_ONLY(conn -> conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")),
        /** A refusal (503) whose body never comes past its first byte. */
        REFUSAL_HANGS(conn -> conn.write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500\r\n\r\n{")),
        /** A 200 whose chunked body comes a byte at a time, forever. */
        TRICKLE(RawServer.trickling("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                "1\r\n \r\n")),
        /** A 200 whose chunked body never ends, as fast as the client reads it. */
        ENDLESS(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("400\r\n" + " ".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (true) {
                    conn.write(chunk);
                }
            } catch (IOException gone) {
                // the client left
            }
        }),
        /** A 200 whose chunked body stops inside its first chunk: the connection closed. */
        TRUNCATED(RawServer.cutAfter("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "100\r\n{\"status\":"));

        final RawServer.Handler handler;

        Server(RawServer.Handler handler) {
            this.handler = handler;
        }
    }

    /** The servers whose answer never ends by itself: only a limit or a close ends a call. */
    static final List<Server> NEVER_FINISH = List.of(Server.SILENT, Server.HEAD_ONLY, Server.REFUSAL_HANGS, Server.TRICKLE);

    /** A write (sent once, never again after it may have arrived), a single read, or a wait. */
    enum Kind {
        WRITE, READ, WAIT
    }

    /** A public call of a client built on the server's URL; returns what it threw (unwrapped from a future). */
    record Call(String name, Kind kind, Function<Target, Throwable> run) {
        boolean isWait() {
            return kind == Kind.WAIT;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What limits a call: its own {@code RequestOptions.timeout} (a wait's {@code WaitOptions.timeout}),
     * the client's {@code callTimeout} alone, or nothing short (the defaults: only {@code close()} ends it
     * within the test).
     */
    enum Limit {
        TIMEOUT, LONG_TIMEOUT, CALL_TIMEOUT, NONE
    }

    /** Where a call goes, the limit it is given, and the clients it made (closed by the test). */
    record Target(String url, Limit limit, List<AutoCloseable> clients) {
        Target(String url, Limit limit) {
            this(url, limit, new CopyOnWriteArrayList<>());
        }

        <C extends AutoCloseable> C kept(C client) {
            clients.add(client);
            return client;
        }

        RequestOptions options() {
            return limit == Limit.TIMEOUT ? TIMEOUT : limit == Limit.LONG_TIMEOUT ? LONG_TIMEOUT : RequestOptions.none();
        }

        WaitOptions waitOptions() {
            return limit == Limit.NONE ? WaitOptions.defaults() : WAIT;
        }

        <B extends ClientBuilder<B>> B limited(B builder) {
            builder.maxRetries(0).maxResponseBytes(MAX_BYTES);
            return limit == Limit.CALL_TIMEOUT ? builder.callTimeout(LIMIT).readTimeout(Duration.ofSeconds(10)) : builder;
        }

        DockClient dock() {
            return kept(limited(DockClient.builder().apiKey("dock_test_limits_5f3a").baseUrl(url + "/dock")).build());
        }

        DokaiClient dokai() {
            return kept(limited(DokaiClient.builder().apiKey("dokai_test_limits_5f3a").baseUrl(url + "/dokai")).build());
        }

        RobloxVerificationClient rpc() {
            return kept(limited(RobloxVerificationClient.builder().baseUrl(url + "/roblox")).build());
        }

        RobloxGameServerClient game() {
            return kept(limited(RobloxGameServerClient.builder().baseUrl(url + "/roblox").verificationSecret("game-secret-limits"))
                    .build());
        }
    }

    static final String DOCK_ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String DOKAI_ID = "ver_abc123";
    static final String RPC_ID = "26fc7432-db2e-497c-a01e-55c24a10a4f3";
    /** A JWT in form (HS256; user 156319135; its signature not checked by the client). */
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2Jsb3hVc2VySWQiOiIxNTYzMTkxMzUiLCJ1c2VybmFtZSI6ImJ1aWxkZXIiLCJpYXQiOjE3OTYzNzYwMDAsImV4cCI6MTc5NjM3OTYwMH0.c2lnbmF0dXJl";

    static List<Call> calls() {
        CreateSessionParams dockParams = CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build();
        return List.of(
                new Call("dock create", Kind.WRITE, target -> catchThrowable(
                        () -> target.dock().sessions().create(dockParams, target.options()))),
                new Call("dock retrieve", Kind.READ, target -> catchThrowable(
                        () -> target.dock().sessions().retrieve(DOCK_ID, target.options()))),
                new Call("dock retrieve held", Kind.READ, target -> catchThrowable(
                        () -> target.dock().sessions().retrieve(DOCK_ID, Duration.ofSeconds(25), target.options()))),
                new Call("dock awaitCompletion", Kind.WAIT, target -> catchThrowable(
                        () -> target.dock().sessions().awaitCompletion(DOCK_ID, target.waitOptions()))),
                new Call("dock awaitCompletionAsync", Kind.WAIT, target -> unwrapped(
                        target.dock().sessions().awaitCompletionAsync(DOCK_ID, target.waitOptions()))),
                new Call("dokai create", Kind.WRITE, target -> catchThrowable(
                        () -> target.dokai().verifySessions().create(CreateKycSessionParams.builder().build(), target.options()))),
                new Call("dokai retrieve", Kind.READ, target -> catchThrowable(
                        () -> target.dokai().verifySessions().retrieve(DOKAI_ID, target.options()))),
                new Call("dokai awaitResult", Kind.WAIT, target -> catchThrowable(
                        () -> target.dokai().verifySessions().awaitResult(DOKAI_ID, target.waitOptions(), RequestOptions.none()))),
                new Call("dokai awaitResultAsync", Kind.WAIT, target -> unwrapped(
                        target.dokai().verifySessions().awaitResultAsync(DOKAI_ID, target.waitOptions(), RequestOptions.none()))),
                new Call("roblox beginVerification", Kind.WRITE, target -> catchThrowable(
                        () -> target.rpc().beginVerification(target.options()))),
                new Call("roblox checkVerification", Kind.READ, target -> catchThrowable(
                        () -> target.rpc().checkVerification(RPC_ID, target.options()))),
                new Call("roblox awaitVerification", Kind.WAIT, target -> catchThrowable(
                        () -> target.rpc().awaitVerification(RPC_ID, target.waitOptions()))),
                new Call("roblox awaitVerificationAsync", Kind.WAIT, target -> unwrapped(
                        target.rpc().awaitVerificationAsync(RPC_ID, target.waitOptions()))),
                new Call("roblox refresh", Kind.WRITE, target -> catchThrowable(
                        () -> target.rpc().refresh(JWT, target.options()))),
                new Call("roblox completeVerification", Kind.WRITE, target -> catchThrowable(
                        () -> target.game().completeVerification("123456", "156", target.options()))));
    }

    private static Throwable unwrapped(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(GUARD.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    /**
     * Every call made once against a server that refuses at once, so that the classes the calls load
     * are loaded before a case's short limit runs: a cold first call could spend its limit before its
     * request left.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (RawServer server = new RawServer(conn -> conn.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))) {
            for (Call call : calls()) {
                Target target = new Target(server.url(""), Limit.TIMEOUT);
                assertTimeoutPreemptively(GUARD, () -> call.run().apply(target));
                for (AutoCloseable client : target.clients()) {
                    client.close();
                }
            }
        }
    }

    /** Every call {@code taken} against each of {@code servers}. */
    private static Stream<Arguments> cases(List<Server> servers, Predicate<Call> taken) {
        List<Arguments> all = new ArrayList<>();
        for (Server server : servers) {
            for (Call call : calls()) {
                if (taken.test(call)) {
                    all.add(Arguments.of(server, call));
                }
            }
        }
        return all.stream();
    }

    static Stream<Arguments> everyCallAgainstEveryServer() {
        return cases(List.of(Server.values()), call -> true);
    }

    /**
     * Each call given a {@code RequestOptions.timeout} (a wait a {@code WaitOptions.timeout}) ends by it:
     * an attempt it cut is a {@code TransportException} that says it "timed out" and names "what was
     * left of the call's timeout"; a body past {@code maxResponseBytes} a {@code MalformedResponseException}
     * naming the bound; a body cut short a {@code TransportException}; a wait a {@code WaitTimeoutException}
     * at its deadline. Its connection is closed by the call's end, not only by the client's {@code close()}.
     * A single call against a server whose answer ends it (a body past the bound, a body cut) has a long
     * timeout: the answer ends it, not the clock.
     */
    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("everyCallAgainstEveryServer")
    void endsByItsTimeoutWithTheDocumentedFailureAndLeavesNoConnection(Server kind, Call call) throws Exception {
        try (RawServer server = new RawServer(kind.handler)) {
            boolean answerEnds = !call.isWait() && (kind == Server.ENDLESS || kind == Server.TRUNCATED);
            Target target = new Target(server.url(""), answerEnds ? Limit.LONG_TIMEOUT : Limit.TIMEOUT);
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> call.run().apply(target));

            if (call.isWait()) {
                // a wait ends at its deadline: a request it cut, a malformed or cut answer, is no failure of its own
                assertThat(thrown).isInstanceOf(WaitTimeoutException.class).hasMessageContaining("reached its deadline");
            } else if (kind == Server.ENDLESS) {
                assertThat(thrown).isInstanceOf(MalformedResponseException.class)
                        .hasMessageContaining("larger than " + MAX_BYTES + " bytes");
            } else if (kind == Server.TRUNCATED) {
                assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("failed");
            } else {
                assertThat(thrown).isInstanceOf(TransportException.class).message().containsAnyOf(
                        "timed out: no complete answer within the attempt's time limit (what was left of the call's timeout)",
                        NOT_SENT);
            }
            assertNoConnectionLeft(server, target);
        }
    }

    static Stream<Arguments> singleCallsAgainstServersThatNeverFinish() {
        // a hold adds to callTimeout
        return cases(NEVER_FINISH, call -> !call.isWait() && !call.name().equals("dock retrieve held"));
    }

    /**
     * Without a timeout of its own, a single call against a server that never finishes its answer ends
     * by the client's {@code callTimeout} (retries off), a {@code TransportException} that names it,
     * whatever the read timeout (10 s here, longer than the whole test's work): a body trickled a byte
     * at a time, each byte within the read timeout, is still cut at the call timeout.
     */
    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("singleCallsAgainstServersThatNeverFinish")
    void endsByTheClientsCallTimeoutNamingIt(Server kind, Call call) throws Exception {
        try (RawServer server = new RawServer(kind.handler)) {
            Target target = new Target(server.url(""), Limit.CALL_TIMEOUT);
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> call.run().apply(target));

            assertThat(thrown).isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out: no complete answer within the attempt's time limit (callTimeout 300 ms)");
            assertNoConnectionLeft(server, target);
        }
    }

    static Stream<Arguments> everyCallAgainstServersThatNeverFinish() {
        return cases(NEVER_FINISH, call -> true);
    }

    /**
     * A call with no short limit, its request at the server that never finishes answering, is ended
     * by its client's {@code close()} (README, "close() is final"): a wait with a
     * {@code WaitCancelledException} that says the client closed, as a single read does (README, Errors),
     * a write with a {@code TransportException} that says it was cancelled, and the connection closed.
     * The close comes once the server has the request, so nothing races.
     */
    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("everyCallAgainstServersThatNeverFinish")
    void closeEndsTheCallInFlightAndItsConnection(Server kind, Call call) throws Exception {
        try (RawServer server = new RawServer(kind.handler)) {
            Target target = new Target(server.url(""), Limit.NONE);
            CompletableFuture<Throwable> running = new CompletableFuture<>();
            Thread caller = new Thread(() -> running.complete(call.run().apply(target)), "caller");
            caller.setDaemon(true);
            caller.start();
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.heads.isEmpty()) {
                    Thread.sleep(10);
                }
            });

            for (AutoCloseable client : target.clients()) {
                client.close();
            }

            Throwable thrown = running.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            if (call.kind() == Kind.WRITE) {
                assertThat(thrown).isInstanceOf(TransportException.class).hasMessageEndingWith(" was cancelled");
            } else { // a wait, and a single read (README, Errors: a read so cut ends as a wait does)
                assertThat(thrown).isInstanceOfSatisfying(WaitCancelledException.class, cancelled -> {
                    assertThat(cancelled).hasMessageContaining("the client was closed");
                    assertThat(cancelled.clientClosed()).isTrue();
                });
            }
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() != 0) {
                    Thread.sleep(10);
                }
            });
        }
    }

    /**
     * The call ended leaving no connection open, before its client is closed (then closed). A call whose
     * limit passed before it connected (a stalled machine) leaves none to look at: not waited for.
     */
    private static void assertNoConnectionLeft(RawServer server, Target target) throws Exception {
        try {
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() != 0) {
                    Thread.sleep(10);
                }
            });
        } finally {
            for (AutoCloseable client : target.clients()) {
                client.close();
            }
        }
    }
}
