package dev.verifykit.examples;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample receiver hands each event on once, however often it is delivered. */
class WebhookReceiverTest {
    private final BlockingQueue<DokaiWebhookEvent> events = new LinkedBlockingQueue<>();
    private static final String SECRET = "whsec_receiver_test";
    private static final byte[] BODY = ("{\"id\":\"ver_rcv1\",\"status\":\"failed\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.failed\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aDuplicateDeliveryIsAnsweredButNotHandedOnAgain() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, log::add)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest delivery = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();

            HttpResponse<String> first = http.send(delivery, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> copy = http.send(delivery, HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(204);
            assertThat(copy.statusCode()).as("a copy is answered 2xx so the service stops sending it").isEqualTo(204);
            assertThat(events.poll()).isInstanceOf(DokaiWebhookEvent.Failed.class);
            assertThat(events.poll()).as("handed on once").isNull();
            assertThat(log).containsExactly("accepted verification.failed (signature verified)",
                    "already handled verification.failed (a copy of an earlier delivery)");
        }
    }

    /**
     * The JDK's server has no read deadline, and the receiver had two threads: two deliveries that
     * sent their headers and held back their body took both for good, and every later delivery
     * waited behind them, unanswered.
     */
    @Test
    void twoDeliveriesHoldingBackTheirBodyDoNotStallTheNext() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        List<Socket> stalled = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, line -> { })) {
            for (int i = 0; i < 2; i++) {
                stalled.add(holdBackBody(receiver));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest delivery = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();

            int status = http.sendAsync(delivery, HttpResponse.BodyHandlers.discarding())
                    .get(30, TimeUnit.SECONDS) // a hang guard: it is answered at once
                    .statusCode();

            assertThat(status).isEqualTo(204);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /**
     * Deliveries arriving while every thread handles one wait in a bounded queue; one more is answered
     * 503 with {@code Retry-After} at once, its handler never called (the queue was unbounded: a
     * burst of deliveries waited without limit, each holding its connection).
     */
    @Test
    void aDeliveryPastTheWaitingOnesIsAnswered503WithRetryAfter() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, holding(handling, release),
                log::add, Duration.ofSeconds(10), VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z")), 1, 1)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Full full = fill(receiver, http, handling);

            HttpResponse<String> busy = http.sendAsync(delivery(receiver, "ver_busy"), HttpResponse.BodyHandlers.ofString())
                    .get(30, TimeUnit.SECONDS); // a hang guard: it is answered at once

            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains(WebhookReceiver.NOT_ACCEPTING_RETRY_AFTER);
            assertThat(busy.body()).isEqualTo("BUSY");
            release.countDown();
            assertThat(full.held().get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(full.waiting().get(30, TimeUnit.SECONDS).statusCode()).as("it waited, then was handled").isEqualTo(204);
            List<String> handed = new ArrayList<>();
            for (DokaiWebhookEvent event : events) {
                handed.add(((DokaiWebhookEvent.Failed) event).session().id());
            }
            assertThat(handed).containsExactly("ver_held", "ver_waiting");
            assertThat(log).contains("busy: every thread handles a delivery and more wait; answered 503"
                    + " (the sender delivers it again)");
        }
    }

    /**
     * The threads answering 503 are bounded too: with them busy (here reading headers held back), a
     * delivery past the waiting ones has its connection closed unanswered (sent again), not queued.
     */
    @Test
    void aDeliveryFindingTheThreadsAnswering503BusyIsClosedUnanswered() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        List<Socket> headersHeld = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, holding(handling, release),
                line -> { }, Duration.ofSeconds(10), time, 1, 1)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Full full = fill(receiver, http, handling);
            for (int i = 0; i < WebhookReceiver.BUSY_THREADS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(receiver.url()).getPort());
                headersHeld.add(socket);
                socket.getOutputStream().write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            awaitTrue(() -> time.pendingTasks() == WebhookReceiver.BUSY_THREADS); // each holds a thread answering 503

            try (Socket next = new Socket(InetAddress.getLoopbackAddress(), URI.create(receiver.url()).getPort())) {
                next.setSoTimeout(30_000); // a hang guard: it is closed at once
                next.getOutputStream().write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Dokai-Signature: " + WebhookSigner.of(SECRET).sign(BODY) + "\r\nContent-Length: "
                        + BODY.length + "\r\n\r\n" + new String(BODY, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)); // in one write: the connection closes once it arrives
                next.getOutputStream().flush();

                assertThat(closedUnanswered(next.getInputStream())).as("closed without an answer").isTrue();
            }
            release.countDown();
            assertThat(full.held().get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(full.waiting().get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(events).hasSize(2).noneMatch(event -> ((DokaiWebhookEvent.Failed) event).session().id().equals("ver_rcv1"));
        } finally {
            for (Socket socket : headersHeld) {
                socket.close();
            }
        }
    }

    /** The deliveries of a receiver with one thread and room for one waiting: one held by the handler, one waiting. */
    private record Full(CompletableFuture<HttpResponse<Void>> held, CompletableFuture<HttpResponse<Void>> waiting) {}

    /** Sends a delivery the handler holds ({@code handling} told), then one that waits for the thread. */
    private static Full fill(WebhookReceiver receiver, HttpClient http, CountDownLatch handling) throws Exception {
        CompletableFuture<HttpResponse<Void>> held = http.sendAsync(delivery(receiver, "ver_held"),
                HttpResponse.BodyHandlers.discarding());
        handling.await();
        CompletableFuture<HttpResponse<Void>> waiting = http.sendAsync(delivery(receiver, "ver_waiting"),
                HttpResponse.BodyHandlers.discarding());
        awaitTrue(() -> receiver.waiting() == 1);
        return new Full(held, waiting);
    }

    /** A handler that keeps each event, tells {@code handling}, and returns once {@code release} is counted down. */
    private WebhookHandler holding(CountDownLatch handling, CountDownLatch release) {
        return event -> {
            events.add(event);
            handling.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Whether the connection ends without a byte of an answer: at its end, or reset (its request unread). */
    private static boolean closedUnanswered(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static HttpRequest delivery(WebhookReceiver receiver, String sessionId) {
        byte[] body = new String(BODY, StandardCharsets.UTF_8).replace("ver_rcv1", sessionId)
                .getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * A request not all there 10 s after it began (by the receiver's clock) ends: a body held back
     * is answered 408 and its connection closed, headers held back close the connection; the
     * threads they held receive the next delivery, and no event is handed on from a cut body.
     */
    @Test
    void requestsHeldBackEndAtTheirDeadlineAndFreeTheirThreads() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        List<Socket> bodies = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, log::add,
                Duration.ofSeconds(10), time);
                Socket headers = new Socket(InetAddress.getLoopbackAddress(), URI.create(receiver.url()).getPort())) {
            for (int i = 0; i < WebhookReceiver.THREADS - 1; i++) {
                bodies.add(holdBackBody(receiver));
            }
            headers.setSoTimeout(30_000); // a hang guard
            headers.getOutputStream().write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0")
                    .getBytes(StandardCharsets.US_ASCII));
            headers.getOutputStream().flush();
            awaitTrue(() -> time.pendingTasks() == WebhookReceiver.THREADS); // every thread holds one
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<Void>> next = http.sendAsync(HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.discarding());

            time.advance(Duration.ofSeconds(10));

            for (Socket socket : bodies) {
                BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(answer.readLine()).startsWith("HTTP/1.1 408 ");
                while (answer.readLine() != null) {
                    // to the end: the connection is closed
                }
            }
            assertThat(headers.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            assertThat(next.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(events.poll()).isInstanceOf(DokaiWebhookEvent.Failed.class);
            assertThat(events.poll()).as("none from a cut body").isNull();
            // the deadline's timer answers 408; the thread it frees logs after that, so wait for it
            awaitTrue(() -> log.stream().filter(line -> line.endsWith("answered 408")).count()
                    >= WebhookReceiver.THREADS - 1);
            assertThat(log.stream().filter(line -> line.endsWith("answered 408")))
                    .hasSize(WebhookReceiver.THREADS - 1);
        } finally {
            for (Socket socket : bodies) {
                socket.close();
            }
        }
    }

    /**
     * A body over the limit is refused at once, but its rest (up to {@link
     * WebhookReceiver#SWALLOW_BYTES}) is read and thrown away before the 413 is sent: answered and
     * closed while the sender was still writing, the sender saw a reset (and would retry) instead.
     * The requests' deadline is on a clock that never moves: on the real one (10 s), a loaded machine
     * that stalled a 900-KB upload past it had the body "timed out", answered and closed while the
     * sender was still writing, the very reset (and log line) this test is about.
     */
    @Test
    void aBodyOverTheLimitIsReadToItsEndSoThatThe413ReachesTheSender() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1024).build();
        byte[] large = new byte[900_000];
        Arrays.fill(large, (byte) 'a');
        assertThat(large.length).isLessThan(WebhookReceiver.SWALLOW_BYTES);
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, log::add,
                Duration.ofSeconds(10), time)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 5; i++) {
                for (boolean withLength : new boolean[] {true, false}) {
                    HttpRequest.BodyPublisher body = withLength ? HttpRequest.BodyPublishers.ofByteArray(large)
                            : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large));
                    HttpRequest delivery = HttpRequest.newBuilder(URI.create(receiver.url()))
                            .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(large)).POST(body).build();

                    HttpResponse<String> answer = http.send(delivery, HttpResponse.BodyHandlers.ofString());

                    assertThat(answer.statusCode()).as("with a length: %s", withLength).isEqualTo(413);
                    assertThat(answer.body()).isEqualTo("BODY_TOO_LARGE");
                }
            }
            assertThat(events.poll()).isNull();
            assertThat(log).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("refused: BODY_TOO_LARGE"));
        }
    }

    /** A body declared longer than the receiver would read is answered 413 at once, without its rest. */
    @Test
    void aBodyDeclaredFarOverTheLimitIsAnswered413WithoutWaitingForItsRest() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(64).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, line -> { });
                Socket socket = holdBackBody(receiver, 64 + 1 + WebhookReceiver.SWALLOW_BYTES + 1)) {
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));

            assertThat(answer.readLine()).startsWith("HTTP/1.1 413 ");
            while (answer.readLine() != null) {
                // to the end: the connection is closed
            }
        }
    }

    /**
     * A body over the limit whose rest stops arriving is answered with its refusal, 413, when the
     * request's deadline passes (by the receiver's clock), and its connection closed.
     */
    @Test
    void aBodyOverTheLimitWhoseRestStopsArrivingIsAnswered413AtItsDeadline() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(64).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, log::add,
                Duration.ofSeconds(10), time);
                Socket socket = holdBackBody(receiver, BODY.length)) {
            awaitTrue(() -> receiver.restsBeingRead() == 1);

            time.advance(Duration.ofSeconds(10));

            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).startsWith("HTTP/1.1 413 ");
            String line;
            StringBuilder rest = new StringBuilder();
            while ((line = answer.readLine()) != null) {
                rest.append(line).append('\n'); // to the end: the connection is closed
            }
            assertThat(rest.toString()).contains("BODY_TOO_LARGE");
            awaitTrue(() -> log.size() == 1);
            assertThat(log.get(0)).startsWith("timed out: the rest of a body over the limit").endsWith("answered 413");
        }
    }

    /** Headers and half the body sent; the rest never comes. */
    private static Socket holdBackBody(WebhookReceiver receiver) throws Exception {
        return holdBackBody(receiver, BODY.length);
    }

    /** Headers declaring {@code length} and half the body sent; the rest never comes. */
    private static Socket holdBackBody(WebhookReceiver receiver, int length) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(receiver.url()).getPort());
        socket.setSoTimeout(30_000); // a hang guard
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Dokai-Signature: " + WebhookSigner.of(SECRET).sign(BODY) + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(BODY, 0, BODY.length / 2);
        out.flush();
        return socket;
    }

    /**
     * RFC 9110 (15.5.6): "The origin server MUST generate an Allow header field in a 405 response"
     * (the servlets' like fix had left this receiver out).
     */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void aMethodOtherThanPostIs405WithAllow(String method) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_receiver_test").build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, event -> { }, line -> { })) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();

            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).as("the Allow header of a 405").hasValue("POST");
        }
    }

    /**
     * RELIABILITY's bounds (CLI {@code webhook serve}: a body over the verifier's limit "still arriving
     * at the deadline: 413 (not 408)") and README ("A body over the verifier's limit is refused 413"):
     * a body declared over the limit (within the 1 MiB read of a refused one) whose bytes stop before
     * the limit was reached is over the limit by its declared length; it was answered 408 at the
     * deadline, which invites the sender to send it all again, to be refused again.
     */
    @Test
    void aBodyDeclaredOverTheLimitThatStopsArrivingBeforeItIsAnswered413AtItsDeadline() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1024).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, line -> { },
                Duration.ofSeconds(10), time);
                Socket socket = holdBackBody(receiver, 2048)) { // half of a small body sent, under the limit
            awaitTrue(() -> time.pendingTasks() == 1 && readingABody());

            time.advance(Duration.ofSeconds(10));

            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).as("the status line").startsWith("HTTP/1.1 413 ");
            assertThat(events.poll()).isNull();
        }
    }

    /**
     * README ("one declared longer is answered at once and its connection closed") and RELIABILITY's
     * bounds, as {@code WebhookServlet} does: the sender declares a body far over the limit and has
     * sent none of it yet: it is answered 413 by the declared length, not kept waiting for bytes the
     * receiver would throw away and then answered 408 at the request's deadline (a 408 invites the
     * sender to send the whole body again, to be refused again).
     */
    @Test
    void aBodyDeclaredFarOverTheLimitIsAnswered413WithoutWaitingForItsFirstBytes() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1024).build();
        long declared = 1024 + 1L + WebhookReceiver.SWALLOW_BYTES + 1;
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, log::add,
                Duration.ofSeconds(10), time);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(receiver.url()).getPort())) {
            socket.setSoTimeout(30_000); // a hang guard
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Dokai-Signature: " + WebhookSigner.of(SECRET).sign(BODY) + "\r\nContent-Length: " + declared
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush(); // and none of the body yet (a sender writing it slowly, or a slow link)
            // answered, or its body awaited: a receiver thread blocked reading it, under the request's deadline
            InputStream in = socket.getInputStream();
            awaitTrue(() -> available(in) || readingABody());

            time.advance(Duration.ofSeconds(10)); // the request's deadline: whatever is still unanswered is cut

            BufferedReader answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).as("the status line").startsWith("HTTP/1.1 413 ");
            while (answer.readLine() != null) {
                // to the end: the connection is closed
            }
            assertThat(events.poll()).isNull();
        }
    }

    private static boolean available(InputStream in) {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return true; // closed: read below
        }
    }

    /** Whether a receiver thread is blocked reading a request body (the JDK server's fixed-length stream). */
    private static boolean readingABody() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> {
            boolean inReadBody = false;
            boolean inFixedLengthRead = false;
            for (StackTraceElement frame : stack) {
                inReadBody |= frame.getClassName().equals(WebhookReceiver.class.getName())
                        && frame.getMethodName().equals("readBody");
                inFixedLengthRead |= frame.getClassName().endsWith("FixedLengthInputStream");
            }
            return inReadBody && inFixedLengthRead;
        });
    }

    /**
     * {@code webhook serve}'s help ("Receive deliveries on http://HOST:PORT/dokai/webhook"): one path. The
     * JDK server's context matches any path it prefixes, so a delivery sent to a mistyped URL was handled
     * and answered 204 here, hiding the mistake until the real endpoint (mapped to its exact path) answered 404.
     */
    @ParameterizedTest
    @ValueSource(strings = {"s", "/x", "-old"})
    void aDeliveryToAnotherPathIsNotHandled(String more) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, events::add, line -> { })) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest delivery = HttpRequest.newBuilder(URI.create(receiver.url() + more))
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();

            HttpResponse<String> answer = http.send(delivery, HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as("POST %s", delivery.uri().getPath()).isEqualTo(404);
            assertThat(events.poll()).as("no event handed on").isNull();
        }
    }
}
