package dev.verifykit.servlet;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.error.ValidationException;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The browser relay in a real Jetty, against the reference mock: browsers are plain sockets, so the
 * test sees every byte they were sent and decides when they leave. After each test, no browser has
 * received the API key.
 */
class DockRelayServletTest {
    private static final String KEY = DockFixture.KEY;

    private final List<SseClient> browsers = new CopyOnWriteArrayList<>();
    private final AtomicInteger authorizerCalls = new AtomicInteger();
    /** The async time limit each relayed stream was left with, as the servlet returned (the container's own default cuts at 30 s). */
    private final List<Long> asyncTimeouts = new CopyOnWriteArrayList<>();
    private DockFixture fixture;
    private MockServer mock;
    private DockClient dock;
    private RecordingStreams streams;
    private DockRelay relay;
    private Container container;

    @AfterEach
    void stop() throws Exception {
        for (SseClient browser : browsers) {
            browser.close();
            assertThat(browser.text()).doesNotContain(KEY).doesNotContainIgnoringCase("authorization")
                    .doesNotContain("Bearer");
        }
        DockFixture.closeAll(container, relay, fixture);
        if (container != null) {
            assertThat(container.sent()).contains("HTTP/1.").doesNotContain(KEY);
        }
    }

    private void start(Duration streamMax, RelayAuthorizer authorizer) throws Exception {
        start(streamMax, authorizer, RelaySettings.builder());
    }

    private void start(Duration streamMax, RelayAuthorizer authorizer, RelaySettings.Builder settings) throws Exception {
        fixture = DockFixture.start(streamMax);
        mock = fixture.mock();
        dock = fixture.dock();
        streams = new RecordingStreams(fixture.streams()); // no reopen for a stalled keep-alive
        relay = DockRelay.create(streams, settings.keepAlive(Duration.ofMillis(100)).retry(Duration.ofMillis(1500)).build());
        RelayAuthorizer counted = (request, id) -> {
            authorizerCalls.incrementAndGet();
            return authorizer.mayWatch(request, id);
        };
        DockRelayServlet servlet = new DockRelayServlet(relay, counted);
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new HttpServlet() {
            @Override
            public void init(ServletConfig config) throws ServletException {
                super.init(config);
                servlet.init(config);
            }

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                servlet.service(request, response);
                try {
                    if (request.isAsyncStarted()) {
                        asyncTimeouts.add(request.getAsyncContext().getTimeout());
                    }
                } catch (IllegalStateException streamAlreadyOver) {
                    // the stream ended before this look
                }
            }
        }));
    }

    private DockSession create() {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
    }

    private SseClient browse(String sessionId, String lastEventId) throws Exception {
        SseClient browser = SseClient.open(container.port(), "/verifykit/dock/sessions/" + sessionId + "/events",
                lastEventId);
        browsers.add(browser);
        return browser;
    }

    private List<MockJournalEntry> opens(String sessionId) {
        return mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/" + sessionId + "/stream"));
    }

    @Test
    void theSessionsStatesAreRelayedAsDocksFramesThenTheStreamEnds() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        SseClient browser = browse(session.id(), null);

        SseClient.Event pending = browser.next();
        assertThat(browser.status()).isEqualTo(200);
        assertThat(browser.head()).containsPattern("(?i)\\r\\nContent-Type: text/event-stream;\\s*charset=UTF-8(\\r\\n|$)")
                .containsPattern("(?i)\\r\\nCache-Control: no-cache, no-store(\\r\\n|$)")
                .containsPattern("(?i)\\r\\nX-Accel-Buffering: no(\\r\\n|$)"); // a proxy in front must not hold the events back
        awaitTrue(() -> !asyncTimeouts.isEmpty()); // noted as the servlet returns, which may come after the first event
        assertThat(asyncTimeouts).as("the stream is not cut by the container's async time limit").containsExactly(0L);
        assertThat(browser.retry()).isEqualTo(1500);
        assertThat(pending.type()).isEqualTo("session");
        assertThat(pending.id()).isNotBlank();
        assertThat(pending.data()).contains("\"id\":\"" + session.id() + "\"", "\"status\":\"pending\"",
                "\"clientId\":\"user_1\"", "\"result\":null");
        awaitTrue(() -> browser.comments() >= 2); // keep-alives while pending

        mock.dock().complete(session.id(), "123456789012345678", "156319135");
        SseClient.Event completed = browser.next();
        browser.awaitEnd(Duration.ofSeconds(20));

        assertThat(completed.type()).isEqualTo("session");
        assertThat(completed.id()).isNotEqualTo(pending.id());
        assertThat(completed.data()).contains("\"status\":\"completed\"", "\"discordId\":\"123456789012345678\"",
                "\"robloxId\":\"156319135\"");
        assertThat(browser.events()).isEmpty();
        assertThat(opens(session.id())).hasSize(1);
        awaitTrue(() -> relay.upstreams() == 0);
    }

    /**
     * The class's promise, "every later state as Dock's {@code session} event": a completed session
     * reaches the browser as Dock itself writes it, field for field (the creation and end times, the
     * link's time and every other field of the result included), not only the fields a page reads.
     */
    @Test
    void aCompletedSessionReachesTheBrowserAsDockWritesIt() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        SseClient browser = browse(session.id(), null);
        browser.next();
        mock.dock().complete(session.id(), "123456789012345678", "156319135");
        SseClient.Event completed = browser.next();

        Map<String, Object> relayed = json(completed.data());
        Map<String, Object> docks = json(docksAnswer(session.id()));
        @SuppressWarnings("unchecked")
        Map<String, Object> docksSession = (Map<String, Object>) docks.get("data");
        assertThat(docksSession).containsKeys("createdAt", "terminalAt", "result");
        assertThat(relayed).isEqualTo(docksSession);
    }

    /**
     * Dock's own answer for the session, read with the API key (the relay's browser never gets that key),
     * asked again while Dock refuses it for coming within the interval after the relay's last read.
     */
    private String docksAnswer(String sessionId) throws InterruptedException {
        AtomicReference<String> answer = new AtomicReference<>();
        awaitTrue(() -> {
            try {
                HttpURLConnection get = (HttpURLConnection) URI.create(mock.dockBaseUrl() + "/v2/sessions/" + sessionId)
                        .toURL().openConnection();
                get.setRequestProperty("Authorization", "Bearer " + KEY);
                try {
                    if (get.getResponseCode() == 429) {
                        return false;
                    }
                    try (InputStream body = get.getInputStream()) {
                        answer.set(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    return true;
                } finally {
                    get.disconnect();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return answer.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(text);
    }

    @Test
    void upstreamReconnectsAfterTheStreamMaximumAreInvisibleToTheBrowser() throws Exception {
        start(Duration.ofMillis(700), (request, id) -> true);
        DockSession session = create();
        SseClient browser = browse(session.id(), null);
        assertThat(browser.next().data()).contains("\"status\":\"pending\"");

        awaitTrue(() -> opens(session.id()).size() >= 3);
        mock.dock().complete(session.id());
        SseClient.Event completed = browser.next();
        browser.awaitEnd(Duration.ofSeconds(20));

        assertThat(completed.data()).contains("\"status\":\"completed\"");
        assertThat(browser.events()).isEmpty();
        assertThat(streams.opened).hasValue(1);
    }

    @Test
    void aBrowserReconnectingWithLastEventIdGetsOnlyWhatItHasNotSeen() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        SseClient first = browse(session.id(), null);
        SseClient.Event pending = first.next();
        first.close();
        awaitTrue(() -> relay.upstreams() == 0);

        SseClient again = browse(session.id(), pending.id());
        assertThat(again.status()).isEqualTo(200);
        awaitTrue(() -> opens(session.id()).size() == 2 && again.comments() >= 1);
        mock.dock().complete(session.id());
        SseClient.Event next = again.next();
        again.awaitEnd(Duration.ofSeconds(20));
        assertThat(next.data()).contains("\"status\":\"completed\""); // the pending state was not sent again

        SseClient unknownId = browse(session.id(), "s-not-one-of-ours");
        assertThat(unknownId.next().data()).contains("\"status\":\"completed\"");
        unknownId.awaitEnd(Duration.ofSeconds(20));

        SseClient seenTheEnd = browse(session.id(), next.id());
        assertThat(seenTheEnd.status()).isEqualTo(204);
        assertThat(opens(session.id())).hasSize(2); // the end was served from memory
    }

    @Test
    void answersWithoutAStreamAreNotStoredByCachesEither() throws Exception {
        // a 204 says the session ended and is cacheable by heuristics: a shared cache could hand it to
        // another user without asking the authorizer, and a browser cache could replay a stale one
        start(Duration.ofSeconds(30), (request, id) -> !id.equals("vsn_someoneElses0000000000"));
        DockSession session = create();
        SseClient first = browse(session.id(), null);
        first.next();
        mock.dock().complete(session.id());
        SseClient.Event completed = first.next();
        first.awaitEnd(Duration.ofSeconds(20));

        SseClient ended = browse(session.id(), completed.id());
        SseClient refused = browse("vsn_someoneElses0000000000", null);
        SseClient notAnEventsPath = browse(session.id() + "/other", null);
        assertThat(ended.status()).isEqualTo(204);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(notAnEventsPath.status()).isEqualTo(404);
        relay.close();
        SseClient closed = browse(session.id(), null);
        assertThat(closed.status()).isEqualTo(503);
        for (SseClient answer : List.of(ended, refused, notAnEventsPath, closed)) {
            assertThat(answer.head()).as(answer.head()).containsPattern("(?i)\\r\\nCache-Control: [^\\r]*no-store");
        }
    }

    @Test
    void aRefusedCallerGets403AndNoUpstreamIsOpened() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> false);
        DockSession session = create();

        SseClient browser = browse(session.id(), null);

        assertThat(browser.status()).isEqualTo(403);
        browser.awaitEnd(Duration.ofSeconds(20));
        assertThat(authorizerCalls).hasValue(1);
        assertThat(streams.opened).hasValue(0);
        assertThat(opens(session.id())).isEmpty();
        assertThat(relay.upstreams()).isZero();
    }

    @Test
    void aRequestFromAnotherOriginsPageIs403WithoutAskingTheAuthorizerOrOpeningAnUpstream() throws Exception {
        // a page elsewhere could make a signed-in browser open the relay (its cookies sent along): it
        // could not read the stream (no CORS headers), but each opening spent the session's reads
        start(Duration.ofSeconds(30), (request, id) -> false);
        DockSession session = create();
        String get = "GET /verifykit/dock/sessions/" + session.id() + "/events";

        String crossSite = exchange(get, "Sec-Fetch-Site: cross-site\r\n");
        String sameSite = exchange(get, "Sec-Fetch-Site: same-site\r\n");

        assertThat(crossSite).startsWith("HTTP/1.1 403");
        assertThat(sameSite).startsWith("HTTP/1.1 403");
        assertThat(authorizerCalls).hasValue(0);
        assertThat(streams.opened).hasValue(0);

        String sameOrigin = exchange(get, "Sec-Fetch-Site: same-origin\r\n");
        String notABrowser = exchange(get, "");

        assertThat(sameOrigin).startsWith("HTTP/1.1 403"); // the authorizer's refusal, asked this time
        assertThat(notABrowser).startsWith("HTTP/1.1 403");
        assertThat(authorizerCalls).hasValue(2);
    }

    /**
     * README (relay): "the relay sends no CORS headers, so that page could not read the stream". Not to
     * a preflight naming another origin, not on the refusal, not on the stream itself (a browser sending
     * no {@code Sec-Fetch-Site} is left to the authorizer, and still gets no CORS header).
     */
    @Test
    void anotherOriginIsSentNoCorsHeaderOnAPreflightARefusalOrTheStream() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        String path = "/verifykit/dock/sessions/" + session.id() + "/events";
        String origin = "Origin: https://elsewhere.example\r\n";

        String preflight = exchange("OPTIONS " + path, origin + "Access-Control-Request-Method: GET\r\n"
                + "Access-Control-Request-Headers: last-event-id\r\n");
        String refused = exchange("GET " + path, origin + "Sec-Fetch-Site: cross-site\r\n");
        String streamHead;
        try (Socket socket = new Socket("127.0.0.1", container.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + origin
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            InputStream in = socket.getInputStream();
            while (head.indexOf("\r\n\r\n") < 0) {
                int next = in.read();
                assertThat(next).as("the stream's head, so far: %s", head).isNotNegative();
                head.append((char) next);
            }
            streamHead = head.toString();
        }

        assertThat(preflight).startsWith("HTTP/1.1 200");
        assertThat(refused).startsWith("HTTP/1.1 403");
        assertThat(streamHead).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/event-stream");
        for (String answer : List.of(preflight, refused, streamHead)) {
            assertThat(answer).as(answer).doesNotContainIgnoringCase("Access-Control-");
        }
    }

    @Test
    void aHeadRequestIs405WithoutAskingTheAuthorizerOrOpeningAnUpstream() throws Exception {
        // HttpServlet answers HEAD with doGet: it subscribed, and its body was never written, so the
        // relay never noticed the client leave and held the upstream until the session ended
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();

        String head = exchange("HEAD /verifykit/dock/sessions/" + session.id() + "/events", "");

        assertThat(head).startsWith("HTTP/1.1 405").containsIgnoringCase("Allow: GET");
        assertThat(authorizerCalls).hasValue(0);
        assertThat(streams.opened).hasValue(0);
        assertThat(relay.browsers()).isZero();
        assertThat(relay.upstreams()).isZero();
    }

    @Test
    void optionsOffersOnlyGetAndTraceIsRefusedWithoutEchoingTheRequest() throws Exception {
        // HttpServlet's defaults offered HEAD and TRACE (HEAD is refused) and TRACE echoed the request's
        // headers, a CSRF token or a proxy's identity headers among them
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        String path = "/verifykit/dock/sessions/" + session.id() + "/events";

        String options = exchange("OPTIONS " + path, "");
        String trace = exchange("TRACE " + path, "X-CSRF-Token: csrf_token_of_the_user\r\n");

        assertThat(options).startsWith("HTTP/1.1 200").containsPattern("(?i)\\r\\nAllow: GET, OPTIONS\\r\\n")
                .containsPattern("(?i)\\r\\nCache-Control: no-cache, no-store\\r\\n");
        assertThat(trace).startsWith("HTTP/1.1 405").containsIgnoringCase("Allow: GET")
                .doesNotContain("csrf_token_of_the_user");
        // HttpServlet's own 405 (POST, PUT, DELETE) had no Allow, which RFC 9110 requires of it
        assertThat(exchange("POST " + path, "Content-Length: 0\r\n")).startsWith("HTTP/1.1 405")
                .containsPattern("(?i)\\r\\nAllow: GET, OPTIONS\\r\\n");
        assertThat(authorizerCalls).hasValue(0);
        assertThat(streams.opened).hasValue(0);
    }

    /** One request on a connection of its own, with {@code headers} (each ending in CRLF); all it was sent back. */
    private String exchange(String requestLine, String headers) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", container.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aPathThatIsNotASessionsEventsIs404WithoutAskingTheAuthorizer() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);

        SseClient browser = browse("vsn_1/../../admin", null);

        assertThat(browser.status()).isEqualTo(404);
        assertThat(authorizerCalls).hasValue(0);
        assertThat(streams.opened).hasValue(0);
    }

    @Test
    void threeBrowsersOnOneSessionShareOneUpstream() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        List<SseClient> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(browse(session.id(), null));
        }
        List<String> pendingIds = new ArrayList<>();
        for (SseClient browser : three) {
            pendingIds.add(browser.next().id());
        }
        assertThat(relay.browsers()).isEqualTo(3);

        mock.dock().complete(session.id());
        for (SseClient browser : three) {
            assertThat(browser.next().data()).contains("\"status\":\"completed\"");
            browser.awaitEnd(Duration.ofSeconds(20));
        }

        assertThat(pendingIds).containsOnly(pendingIds.get(0));
        assertThat(opens(session.id())).hasSize(1);
        assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id())))
                .isEmpty(); // and no long-polls either
        assertThat(streams.opened).hasValue(1);
    }

    @Test
    void theUpstreamClosesWhenTheLastBrowserLeaves() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        SseClient one = browse(session.id(), null);
        SseClient two = browse(session.id(), null);
        one.next();
        two.next();

        one.close();
        awaitTrue(() -> relay.browsers() == 1);
        assertThat(relay.upstreams()).isEqualTo(1);
        assertThat(streams.streams.get(0).isOpen()).isTrue();

        two.close();
        awaitTrue(() -> relay.upstreams() == 0);
        assertThat(streams.streams.get(0).isOpen()).isFalse();

        SseClient later = browse(session.id(), null);
        assertThat(later.next().data()).contains("\"status\":\"pending\"");
        assertThat(opens(session.id())).hasSize(2); // a new upstream: the first one was closed
    }

    @Test
    void aSessionThatCannotBeFollowedEndsWithARelayErrorEvent() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);

        SseClient browser = browse("vsn_doesNotExist000000000", null);

        SseClient.Event error = browser.next();
        browser.awaitEnd(Duration.ofSeconds(20));
        assertThat(error.type()).isEqualTo("relay-error");
        assertThat(error.data()).isEqualTo("{\"error\":\"not_found\"}");
    }

    @Test
    void whenStreamingKeepsFailingTheUpstreamGoesOnWithLongPollsAndTheBrowserStillHearsTheEnd() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        mock.faults().add("GET", "/dock/v2/sessions/" + session.id() + "/stream", MockFault.respond(503), 100);
        SseClient browser = browse(session.id(), null);

        awaitTrue(() -> !mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id()))
                .isEmpty()); // a long-poll: streaming was given up
        mock.dock().complete(session.id());
        SseClient.Event completed = browser.next();
        browser.awaitEnd(Duration.ofSeconds(20));

        assertThat(opens(session.id())).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
        assertThat(completed.type()).isEqualTo("session");
        assertThat(completed.data()).contains("\"status\":\"completed\"");
        assertThat(streams.opened).hasValue(1);
    }

    @Test
    void closingTheRelayEndsEveryBrowsersStreamAndItsUpstream() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true);
        DockSession session = create();
        SseClient browser = browse(session.id(), null);
        browser.next();

        relay.close();

        browser.awaitEnd(Duration.ofSeconds(20));
        assertThat(relay.upstreams()).isZero();
        assertThat(streams.streams.get(0).isOpen()).isFalse();
        SseClient refused = browse(session.id(), null);
        assertThat(refused.status()).isEqualTo(503);
    }

    @Test
    void sessionsBeyondMaxSessionsAre503WhileTheRelayedOnesGoOn() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true, RelaySettings.builder().maxSessions(1));
        DockSession first = create();
        DockSession second = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("user_2").build());
        SseClient watching = browse(first.id(), null);
        watching.next();

        SseClient refused = browse(second.id(), null);
        SseClient sameSession = browse(first.id(), null);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.head()).containsIgnoringCase("Retry-After: 5");
        assertThat(opens(second.id())).isEmpty();
        assertThat(sameSession.next().data()).contains("\"status\":\"pending\"");
        assertThat(opens(first.id())).hasSize(1);
    }

    @Test
    void browsersBeyondASessionsBoundAre503WithoutAnotherUpstream() throws Exception {
        start(Duration.ofSeconds(30), (request, id) -> true, RelaySettings.builder().maxBrowsersPerSession(2));
        DockSession session = create();
        SseClient one = browse(session.id(), null);
        one.next();
        SseClient two = browse(session.id(), null);
        two.next();

        SseClient third = browse(session.id(), null);

        assertThat(third.status()).isEqualTo(503);
        assertThat(third.head()).containsIgnoringCase("Retry-After: 5");
        assertThat(relay.browsers()).isEqualTo(2);
        assertThat(opens(session.id())).hasSize(1);
    }

    @Test
    void theRelaysSettingsAreChecked() {
        assertThatThrownBy(() -> DockRelay.create(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("streams"));
        assertThatThrownBy(() -> RelaySettings.builder().keepAlive(Duration.ZERO).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("keepAlive"));
        assertThatThrownBy(() -> RelaySettings.builder().maxBufferedBytes(10).build())
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("maxBufferedBytes"));
        assertThatThrownBy(() -> RelaySettings.builder().maxBrowsersPerSession(0).build())
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("maxBrowsersPerSession"));
        assertThatThrownBy(() -> RelaySettings.builder().maxBrowsers(0).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxBrowsers"));
        assertThatThrownBy(() -> RelaySettings.builder().maxEndedBytes(1023).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e)
                        .hasMessageContaining("maxEndedBytes").hasMessageContaining("between 1024"));
        assertThatThrownBy(() -> new DockRelayServlet(null, (r, id) -> true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("relay"));
    }

    /** The real streams, counting opens and keeping the streams opened, to see them closed. */
    static final class RecordingStreams implements SessionStreams {
        final AtomicInteger opened = new AtomicInteger();
        final List<SessionStream> streams = new CopyOnWriteArrayList<>();
        private final SessionStreams delegate;

        RecordingStreams(SessionStreams delegate) {
            this.delegate = delegate;
        }

        @Override
        public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
            opened.incrementAndGet();
            SessionStream stream = delegate.open(sessionId, listener, options);
            streams.add(stream);
            return stream;
        }

        @Override
        public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
            return delegate.awaitCompletionAsync(sessionId, options);
        }

        @Override
        public DockSession awaitCompletion(String sessionId, WaitOptions options) {
            return delegate.awaitCompletion(sessionId, options);
        }
    }
}
