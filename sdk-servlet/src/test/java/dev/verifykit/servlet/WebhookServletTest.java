package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.testing.Await;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook endpoint in a real Jetty: raw bytes verified, the two-phase guard's answers, deliveries from the mock. */
class WebhookServletTest {
    private static final String SECRET = "whsec_mock";
    private static final String PATH = "/verifykit/dokai/webhook";
    /**
     * A Dokai event as a server might write it: CR LF and tabs, spaces before colons and commas, a
     * JSON escape, accented letters and an astral character. Any re-encoding (parse and write back,
     * trim, transcode) changes its bytes, and the signature no longer matches.
     */
    private static final String ODD_BODY = "{ \"id\" : \"ver_raw1\",\r\n\t\"status\":\"verified\" , \"type\":\"hosted\",\n"
            + "  \"identity\": {\"name\": \"Zo\u00eb \u00dcn\u00efc\u00f8d\u00e9 \\u00e9 \uD83D\uDE00\", \"id_number\":\"x\"},\n"
            + "  \"created_at\":\"2026-03-11T10:30:00Z\", \"expires_at\":\"2026-03-12T10:30:00Z\",\n"
            + "  \"event\" : \"verification.completed\" }  \n";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<DokaiWebhookEvent> handled = new LinkedBlockingQueue<>();
    private final AtomicInteger handlerCalls = new AtomicInteger();
    /** What the verifier's listener was told of refused deliveries. */
    private final List<WebhookRefusal> refusals = new CopyOnWriteArrayList<>();
    private final VerifyKitListener refusalsTold = new VerifyKitListener() {
        @Override
        public void onWebhookRefused(WebhookRefusal refusal) {
            refusals.add(refusal);
        }
    };
    private Container container;
    private MockServer mock;
    private DokaiClient dokai;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container, dokai, mock);
    }

    private void start(WebhookVerifier verifier, WebhookHandler handler) throws Exception {
        container = Container.start(c -> c.map(PATH, new WebhookServlet(verifier, event -> {
            handlerCalls.incrementAndGet();
            handler.handle(event);
            handled.add(event);
        })));
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        return sendAsync(body, signature).get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(container.url(PATH)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSigner.HEADER, signature);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRawBytesAreVerifiedAsSentAndAReEncodedCopyIsRefused() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).build(), event -> {});
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);

        HttpResponse<String> accepted = post(body, signature);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("HANDLED\n");
        assertThat(handled.poll()).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class, c -> {
            assertThat(c.session().id()).isEqualTo("ver_raw1");
            assertThat(c.session().identity()).hasValueSatisfying(
                    i -> assertThat(i.name()).contains("Zo\u00eb \u00dcn\u00efc\u00f8d\u00e9 \u00e9 \uD83D\uDE00"));
        });

        byte[] transcoded = ODD_BODY.getBytes(StandardCharsets.ISO_8859_1);
        byte[] trimmed = ODD_BODY.strip().getBytes(StandardCharsets.UTF_8);
        for (byte[] reEncoded : List.of(transcoded, trimmed)) {
            HttpResponse<String> refused = post(reEncoded, signature);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).isEqualTo("REFUSED\n").doesNotContain(SECRET);
        }
        assertThat(handlerCalls).hasValue(1);
    }

    @Test
    void aReplayIsAnswered200AlreadyHandledWithoutCallingTheHandler() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).build(), event -> {});
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);

        HttpResponse<String> first = post(body, signature);
        HttpResponse<String> replay = post(body, signature);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("HANDLED\n");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("ALREADY_HANDLED\n");
        assertThat(handlerCalls).hasValue(1);
    }

    @Test
    void aCopyArrivingWhileTheFirstIsHandledGets409WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(WebhookVerifier.builder().secret(SECRET).build(), event -> {
            entered.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
        });
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);

        CompletableFuture<HttpResponse<String>> first = sendAsync(body, signature);
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> duplicate = post(body, signature);
        release.countDown();
        HttpResponse<String> firstAnswer = first.get(20, TimeUnit.SECONDS);

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).isEqualTo("IN_PROGRESS\n");
        assertThat(duplicate.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(firstAnswer.statusCode()).isEqualTo(200);
        assertThat(handlerCalls).hasValue(1);
    }

    @Test
    void aHandlerFailureIsAnswered500AndTheMocksRetryIsHandled() throws Exception {
        // a minute for each answer, not the mock's 5 s: a first request to the container that a loaded
        // machine made slower would be logged -1, not 500
        DokaiSettings settings = DokaiSettings.builder().deliveryAttempts(3)
                .deliveryDelays(List.of(Duration.ofMillis(100))).deliveryTimeout(Duration.ofMinutes(1)).build();
        mock = MockServer.start(MockSettings.builder().dokai(settings).build());
        dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl()).build();
        AtomicInteger attempts = new AtomicInteger();
        start(WebhookVerifier.builder().secret(mock.settings().dokai().webhookSecret()).build(), event -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is down");
            }
        });
        KycSession created = dokai.verifySessions().create(
                CreateKycSessionParams.builder().webhookUrl(container.url(PATH)).build());

        mock.dokai().finish(created.id(), "verified");

        List<MockWebhookDelivery> deliveries = mock.dokai().awaitDeliveries(2, Duration.ofSeconds(20));
        assertThat(deliveries).extracting(MockWebhookDelivery::status).containsExactly(500, 200);
        assertThat(handlerCalls).hasValue(2);
        assertThat(handled.poll(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                c -> assertThat(c.session().id()).isEqualTo(created.id()));
        assertThat(handled).isEmpty();
    }

    @Test
    void aBodyOverTheVerifiersLimitIs413AndAMissingSignature400() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(), event -> {});
        byte[] large = ("{\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> tooLarge = post(large, WebhookSigner.of(SECRET).sign(large));
        HttpResponse<String> unsigned = post(body, null);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(container.url(PATH))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(get.statusCode()).isEqualTo(405);
        // HttpServlet's own 405 (GET, PUT, DELETE) had no Allow, which RFC 9110 requires of it
        assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
        assertThat(exchangeAlone("PUT " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 405").containsPattern("(?i)\\r\\nAllow: POST, OPTIONS\\r\\n");
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * HttpServlet's defaults offered TRACE, which echoed the request's headers back: the endpoint is
     * public, and a proxy in front may add headers of its own.
     */
    @Test
    void optionsOffersOnlyPostAndTraceIsRefusedWithoutEchoingTheRequest() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).build(), event -> {});

        String options = exchangeAlone("OPTIONS " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String trace = exchangeAlone("TRACE " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Gateway-Token: token_of_the_proxy\r\n\r\n");

        assertThat(options).startsWith("HTTP/1.1 200").containsPattern("(?i)\\r\\nAllow: POST, OPTIONS\\r\\n");
        assertThat(trace).startsWith("HTTP/1.1 405").containsIgnoringCase("Allow: POST")
                .doesNotContain("token_of_the_proxy");
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * A body over the limit is answered 413 after the rest of it is read and discarded (up to
     * {@link WebhookServlet#SWALLOW_BYTES}): answered and closed while the sender was still writing,
     * the connection was reset, and the sender often got the reset, not the 413. Sent with and without
     * a length, read with and without async support, several times each, every answer must arrive.
     * The body's deadline is on a clock that never moves: on the real one (10 s), a loaded machine
     * that stalled a 900-KB upload past it had the 413 sent and the connection closed while the
     * sender was still writing, the very reset this test is about. The bodies still arriving get the
     * smallest budget (two segments): what is read past the limit is thrown away, not kept, or the
     * 900 KB would overrun it and be answered 503.
     */
    @Test
    void aBodyOverTheLimitIsReadToItsEndSoThatThe413ReachesTheSender() throws Exception {
        byte[] large = ("{\"pad\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(large.length).isLessThan(WebhookServlet.SWALLOW_BYTES);
        String signature = WebhookSigner.of(SECRET).sign(large);
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        for (boolean async : List.of(true, false)) {
            container = Container.start(async, c -> c.map(PATH, new WebhookServlet(
                    WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(), event -> handlerCalls.incrementAndGet(),
                    Duration.ofSeconds(10), time, 0)));
            for (int i = 0; i < 5; i++) {
                assertThat(post(large, signature).statusCode()).as("async " + async + ", with a length, " + i).isEqualTo(413);
                assertThat(postChunked(large, signature).statusCode()).as("async " + async + ", chunked, " + i).isEqualTo(413);
            }
            container.close();
        }
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * Read blocking, a delivery refused for its signature header is refused before its body is read;
     * the rest of the body is then read and thrown away (up to {@link WebhookServlet#SWALLOW_BYTES})
     * so that the 400 reaches the sender: left unread, the container closed the connection under a
     * sender still writing, which could see a reset instead of the answer.
     */
    @Test
    void aBodyRefusedForItsHeaderWhenReadBlockingIsReadToItsEndSoThatThe400ReachesTheSender() throws Exception {
        byte[] body = ("{\"pad\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        container = Container.start(false, c -> c.map(PATH, new WebhookServlet(
                WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1_000_000).build(), event -> handlerCalls.incrementAndGet())));
        for (int i = 0; i < 5; i++) {
            assertThat(post(body, null).statusCode()).as("unsigned, " + i).isEqualTo(400);
            assertThat(post(body, "t=1,v1=zz").statusCode()).as("malformed, " + i).isEqualTo(400);
        }
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * A body declared much larger than what is read of a refused one is refused before any of it is
     * read: answered 413 at once, with the connection closed.
     */
    @Test
    void aBodyDeclaredFarOverTheLimitIsAnswered413AtOnceAndTheConnectionClosed() throws Exception {
        for (boolean async : List.of(true, false)) {
            List<String> head = answerToHeadAlone(async, requestHead(WebhookSigner.of(SECRET).sign(new byte[1]),
                    64 * 1024 * 1024));

            assertThat(head.get(0)).as("async " + async).isEqualTo("HTTP/1.1 413 Payload Too Large");
            assertThat(head).as("async " + async).contains("Connection: close");
        }
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * A sender declaring a body over the limit and waiting for {@code 100 Continue} before sending it
     * is answered 413 without being asked for it: asked, it sent a body that was only thrown away, or
     * was reset while sending it.
     */
    @Test
    void aSenderWaitingFor100ContinueWithABodyOverTheLimitIsAnswered413WithoutBeingAskedForIt() throws Exception {
        for (boolean async : List.of(true, false)) {
            List<String> head = answerToHeadAlone(async, requestHead(WebhookSigner.of(SECRET).sign(new byte[1]),
                    300_000, "Expect: 100-continue\r\n")); // within what is read of a refused body

            assertThat(head.get(0)).as("async " + async).isEqualTo("HTTP/1.1 413 Payload Too Large");
            assertThat(head).as("async " + async).contains("Connection: close");
            assertThat(container.sent()).as("async " + async).doesNotContain("100 Continue");
        }
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * The answer to a request's head, sent alone (a body being sent would be left unread by a refusal,
     * and the close could reset the connection before the answer is read), to a servlet taking 256
     * bytes whose body deadline is on a clock that never moves: an answer waiting for the body would
     * never come. The container is left running, for its {@link Container#sent()}.
     */
    private List<String> answerToHeadAlone(boolean async, byte[] requestHead) throws Exception {
        if (container != null) {
            container.close();
        }
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        container = Container.start(async, c -> c.map(PATH, new WebhookServlet(
                WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(),
                event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard
            OutputStream out = socket.getOutputStream();
            out.write(requestHead);
            out.flush();
            return responseHead(socket);
        }
    }

    /**
     * A body over the limit whose rest stops arriving is answered 413 at the body's deadline, not 408
     * (which asks for it to be sent again): one declared longer than the limit, and one sent without a
     * length that stops one byte past {@code maxBodyBytes}.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBodyOverTheLimitWhoseRestStopsArrivingIsAnswered413AtItsDeadline(boolean chunked) throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(),
                event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time);
        container = Container.start(c -> c.map(PATH, servlet));
        byte[] part = new byte[chunked ? 257 : 4096];
        Arrays.fill(part, (byte) 'x');
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard: the answer comes when virtual time passes the deadline
            OutputStream out = socket.getOutputStream();
            String signature = WebhookSigner.of(SECRET).sign(part);
            if (chunked) {
                out.write(chunkedHead(signature, part.length));
                out.write(part);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // no last chunk: the rest never comes
            } else {
                out.write(requestHead(signature, 300_000)); // within what is read of a refused body
                out.write(part);
            }
            out.flush();
            Await.awaitTrue(() -> servlet.refusedStillArriving() == 1); // all sent is read, its rest awaited
            assertThat(time.pendingTasks()).as("the body's deadline").isOne();

            time.advance(Duration.ofSeconds(10));

            List<String> head = responseHead(socket);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 413 Payload Too Large");
            assertThat(head).contains("Connection: close");
        }
        assertThat(handlerCalls).hasValue(0);
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered408AtItsDeadlineWithoutCallingTheHandler() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        container = Container.start(c -> c.map(PATH, new WebhookServlet(WebhookVerifier.builder().secret(SECRET)
                .listener(refusalsTold).build(), event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time)));
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard: the answer comes when virtual time passes the deadline
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + WebhookSigner.HEADER + ": " + WebhookSigner.of(SECRET).sign(body) + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2); // the rest never comes
            out.flush();
            Await.awaitTrue(() -> time.pendingTasks() == 1); // the body's deadline is set

            time.advance(Duration.ofSeconds(10));

            // the whole answer, and the connection closed after it: the request is completed
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    .containsPattern("(?i)\\r\\nConnection: close\\r\\n").endsWith("\r\n\r\nREQUEST_TIMEOUT\n");
        }
        assertThat(handlerCalls).hasValue(0);
        assertThat(refusals).as("the listener (verifykit.webhook.refusals) is told of it")
                .extracting(WebhookRefusal::reason, r -> r.status().getAsInt()).containsExactly(tuple("BODY_TIMEOUT", 408));
    }

    /**
     * Each body is bounded, but not how many arrive at once on an endpoint open to anyone: senders
     * holding many bodies half-sent filled the memory. The bodies arriving together keep at most a
     * budget; a delivery whose bytes would pass it is answered 503 with Retry-After (sent again, not
     * lost), and once the others ended, its copy is handled.
     */
    @Test
    void bodiesArrivingTogetherKeepAtMostTheBudgetAndADeliveryPastItIs503() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).maxBodyBytes(body.length)
                .listener(refusalsTold).build();
        WebhookServlet servlet = new WebhookServlet(verifier, event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10),
                time, 0); // the least budget: twice the verifier's limit (plus one byte each), in whole segments
        container = Container.start(c -> c.map(PATH, servlet));
        String signature = WebhookSigner.of(SECRET).sign(body);
        int part = body.length - 1; // all but the last byte: kept while the rest is awaited
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), container.port());
                Socket second = new Socket(InetAddress.getLoopbackAddress(), container.port());
                Socket third = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            for (Socket socket : new Socket[] {first, second, third}) {
                socket.setSoTimeout(20_000); // a hang guard
            }
            long held = 0;
            for (Socket socket : new Socket[] {first, second}) {
                socket.getOutputStream().write(requestHead(signature, body.length, ""));
                socket.getOutputStream().write(body, 0, part);
                socket.getOutputStream().flush();
                long expected = held += WebhookServlet.segmentBytes(part); // the segments holding it
                Await.awaitTrue(() -> servlet.keptBytes() == expected);
            }
            // three parts' segments pass those of 2 × (body + 1): the third passes the budget
            third.getOutputStream().write(requestHead(signature, body.length, ""));
            third.getOutputStream().write(body, 0, part);
            third.getOutputStream().flush();
            List<String> refused = responseHead(third);
            assertThat(refused.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(refused).contains("Retry-After: " + WebhookServlet.RETRY_AFTER_SECONDS, "Connection: close");
            assertThat(servlet.keptBytes()).as("the refused one keeps nothing").isEqualTo(held);
            assertThat(refusals).as("the listener (verifykit.webhook.refusals) is told of it")
                    .extracting(WebhookRefusal::reason, r -> r.status().getAsInt())
                    .containsExactly(tuple("BODIES_BUDGET_FULL", 503));

            for (Socket socket : new Socket[] {first, second}) {
                socket.getOutputStream().write(body, part, 1);
                socket.getOutputStream().flush();
                assertThat(responseHead(socket).get(0)).isEqualTo("HTTP/1.1 200 OK");
            }
        }
        assertThat(servlet.keptBytes()).as("every body ended").isZero();
        assertThat(handlerCalls).hasValue(1); // the second copy was a replay of the same event
        assertThat(refusals).as("the deliveries taken are no refusals").hasSize(1);
    }

    @Test
    void aHandlerRunningPastTheBodysDeadlineIsNotCutShort() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.now());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).build(), event -> {
            entered.countDown();
            release.await();
        }, Duration.ofSeconds(10), time);
        // the async time limit the read was left with as the servlet returned (the container's default cuts at 30 s)
        List<Long> asyncTimeouts = new CopyOnWriteArrayList<>();
        container = Container.start(c -> c.map(PATH, new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                servlet.service(request, response);
                if (request.isAsyncStarted()) { // completed only once the handler, held below, returns
                    asyncTimeouts.add(request.getAsyncContext().getTimeout());
                }
            }
        }));
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);

        CompletableFuture<HttpResponse<String>> answer = sendAsync(body, WebhookSigner.of(SECRET).sign(body));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(time.pendingTasks()).as("the deadline ended with the body").isZero();
        Await.awaitTrue(() -> !asyncTimeouts.isEmpty());
        assertThat(asyncTimeouts).as("the handler is not cut by the container's async time limit").containsExactly(0L);
        time.advance(Duration.ofMinutes(1));
        release.countDown();

        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("HANDLED\n");
    }

    /**
     * A handler failing with an Error (a class missing at run time, say) escapes the verifier, which
     * outlives exceptions only. From a blocking read it reached the container, which answered 500, and
     * Dokai sent the event again; the asynchronous read completed the request with the default 200,
     * and the event was lost.
     */
    @Test
    void aHandlerFailingWithAnErrorIsAnswered500SoThatTheEventIsSentAgain() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).build(), event -> {
            throw new NoClassDefFoundError("com/example/Missing");
        });
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = sendAsync(body, WebhookSigner.of(SECRET).sign(body)).get(20, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsVerifiedAndOneOverTheLimitIs413() throws Exception {
        start(WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1024).build(), event -> {});
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        byte[] large = ("{\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> handledOnce = postChunked(body, WebhookSigner.of(SECRET).sign(body));
        HttpResponse<String> tooLarge = postChunked(large, WebhookSigner.of(SECRET).sign(large));

        assertThat(handledOnce.statusCode()).isEqualTo(200);
        assertThat(handledOnce.request().headers().firstValue("Content-Length")).isEmpty();
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(handlerCalls).hasValue(1);
    }

    /**
     * A delivery whose body is still arriving when the container takes the servlet out of service is
     * answered 503 with {@code Retry-After} (so that Dokai sends it again), its deadline is cancelled,
     * and the rest of its body arriving later calls no handler; a delivery after that gets 503 too.
     */
    @Test
    void destroyAnswersADeliveryStillArriving503AndEveryLaterOneTooWithoutCallingTheHandler() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).listener(refusalsTold).build(),
                event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time);
        container = Container.start(c -> c.map(PATH, servlet));
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard: the answer comes when the servlet is destroyed
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(signature, body.length));
            out.write(body, 0, body.length / 2);
            out.flush();
            Await.awaitTrue(() -> time.pendingTasks() == 1); // the body is being read

            servlet.destroy();

            // the whole answer, and the connection closed after it: the request is completed
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                    .contains("\r\nRetry-After: " + WebhookServlet.RETRY_AFTER_SECONDS + "\r\n");
            assertThat(time.pendingTasks()).as("the body's deadline").isZero();
            assertThat(refusals).as("the listener (verifykit.webhook.refusals) is told of it")
                    .extracting(WebhookRefusal::reason, r -> r.status().getAsInt())
                    .containsExactly(tuple("SERVLET_DESTROYED", 503));
            try {
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
            } catch (IOException closed) {
                // the servlet closed the connection: fine
            }
        }

        HttpResponse<String> later = post(body, signature);

        assertThat(later.statusCode()).isEqualTo(503);
        assertThat(later.headers().firstValue("Retry-After")).hasValue(WebhookServlet.RETRY_AFTER_SECONDS);
        assertThat(handlerCalls).hasValue(0);
        assertThat(refusals).extracting(WebhookRefusal::reason, r -> r.status().getAsInt())
                .containsExactly(tuple("SERVLET_DESTROYED", 503), tuple("SERVLET_DESTROYED", 503));
    }

    /**
     * A body that stops with its connection half-way (the sender's connection dropped) is answered 503
     * with {@code Retry-After}, not 400: a 4xx tells a sender the delivery is bad and not to send it
     * again. The handler is not called and nothing is claimed: the whole delivery, sent again, is handled.
     */
    @Test
    void aBodyCutShortIsAnswered503AndTheDeliverySentAgainIsHandled() throws Exception {
        for (boolean async : List.of(true, false)) {
            container = Container.start(async, c -> c.map(PATH, new WebhookServlet(
                    WebhookVerifier.builder().secret(SECRET).listener(refusalsTold).build(),
                    event -> handlerCalls.incrementAndGet())));
            byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
            String signature = WebhookSigner.of(SECRET).sign(body);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(requestHead(signature, body.length));
                out.write(body, 0, body.length / 2);
                out.flush();
                socket.shutdownOutput(); // the rest never comes: the container sees the body end early

                List<String> head = responseHead(socket);
                assertThat(head.get(0)).as("async " + async).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(head).as("async " + async).contains("Retry-After: " + WebhookServlet.RETRY_AFTER_SECONDS);
            }
            assertThat(handlerCalls).as("async " + async).hasValue(0);
            assertThat(refusals).as("async " + async + ": the listener (verifykit.webhook.refusals) is told of it")
                    .extracting(WebhookRefusal::reason, r -> r.status().getAsInt()).containsExactly(tuple("BODY_UNREAD", 503));

            HttpResponse<String> again = post(body, signature);

            assertThat(again.statusCode()).as("async " + async).isEqualTo(200);
            assertThat(again.body()).isEqualTo("HANDLED\n");
            assertThat(handlerCalls).hasValue(1);
            assertThat(refusals).as("async " + async + ": the delivery handled is no refusal").hasSize(1);
            handlerCalls.set(0);
            refusals.clear();
            container.close();
        }
    }

    /**
     * A body over the limit still arriving after what is read of a refused one (1 MiB past the limit),
     * sent without a length, is answered 413 and its connection closed once that much is read, read
     * with and without async support: not when the body ends (it may never end), nor at its deadline
     * (on a clock that never moves here).
     */
    @Test
    void aBodyWithoutALengthStillArrivingPastWhatIsReadOfARefusedOneIsAnswered413AndClosedAtOnce() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        byte[] part = new byte[256 + 1 + WebhookServlet.SWALLOW_BYTES + 1]; // all that is read of it, and a byte more
        Arrays.fill(part, (byte) 'x');
        for (boolean async : List.of(true, false)) {
            container = Container.start(async, c -> c.map(PATH, new WebhookServlet(
                    WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(),
                    event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time)));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
                socket.setSoTimeout(20_000); // a hang guard: an answer awaiting the body's end never comes
                OutputStream out = socket.getOutputStream();
                out.write(chunkedHead(WebhookSigner.of(SECRET).sign(part), part.length));
                out.write(part);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // no last chunk: the body goes on
                out.flush();

                List<String> head = responseHead(socket);
                assertThat(head.get(0)).as("async " + async).isEqualTo("HTTP/1.1 413 Payload Too Large");
                assertThat(head).as("async " + async).contains("Connection: close");
            }
            assertThat(time.pendingTasks()).as("async " + async + ": no deadline left").isZero();
            container.close();
        }
        assertThat(handlerCalls).hasValue(0);
    }

    /**
     * A body over the limit that ends within what is read of a refused one (1 MiB past the limit) is
     * read to its end and thrown away before the 413, read with and without async support: the
     * connection is then left whole, without {@code Connection: close}, and the next delivery on it
     * is handled. Mutants that left the rest unread or closed the connection (the answer's
     * {@code close} negated, the blocking read's swallow reported as not ended, a body declared
     * within the swallow refused before it was read) all survived the other tests.
     */
    @Test
    void aBodyOverTheLimitEndingWithinWhatIsReadOfARefusedOneLeavesTheConnectionForTheNextDelivery() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 'x');
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        for (boolean async : List.of(true, false)) {
            container = Container.start(async, c -> c.map(PATH, new WebhookServlet(
                    WebhookVerifier.builder().secret(SECRET).maxBodyBytes(1024).build(),
                    event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time)));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
                socket.setSoTimeout(20_000); // a hang guard
                OutputStream out = socket.getOutputStream();
                out.write(requestHead(WebhookSigner.of(SECRET).sign(large), large.length));
                out.write(large);
                out.flush();

                String refused = headAndBody(socket.getInputStream());
                assertThat(refused).as("async " + async).startsWith("HTTP/1.1 413 ").endsWith("\r\n\r\nREFUSED\n")
                        .doesNotContainPattern("(?i)\r\nConnection: close\r\n");

                out.write(requestHead(WebhookSigner.of(SECRET).sign(body), body.length, "Connection: close\r\n"));
                out.write(body);
                out.flush();
                String next = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(next).as("async " + async).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nHANDLED\n");
            }
            assertThat(time.pendingTasks()).as("async " + async + ": no deadline left").isZero();
            container.close();
        }
        assertThat(handlerCalls).hasValue(2); // a container of its own each time, its own guard
    }

    /** The memory a body takes is counted in whole 8-KiB segments, as okio's buffer takes them. */
    @Test
    void aBodysBytesAreCountedInWhole8KiBSegments() {
        assertThat(WebhookServlet.segmentBytes(0)).isZero();
        assertThat(WebhookServlet.segmentBytes(1)).isEqualTo(8192);
        assertThat(WebhookServlet.segmentBytes(8192)).isEqualTo(8192);
        assertThat(WebhookServlet.segmentBytes(8193)).isEqualTo(16384);
        assertThat(WebhookServlet.segmentBytes(1 << 20)).isEqualTo(1 << 20);
    }

    /**
     * With the default scheduler the servlet has a timer of its own (of the bodies' deadlines), which
     * {@code destroy()} ends: no thread of the library outlives an undeployed application (an idle
     * timer thread lives on 30 s). The verifier's own timer is virtual, so that no other thread of the
     * library starts here.
     */
    @Test
    void destroyEndsTheServletsOwnTimer() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET)
                .scheduler(VirtualScheduler.manual(Instant.now())).build(), event -> handlerCalls.incrementAndGet());
        container = Container.start(c -> c.map(PATH, servlet));
        byte[] body = ODD_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, WebhookSigner.of(SECRET).sign(body)).statusCode()).isEqualTo(200); // read with a deadline
        List<Thread> timers = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("verifykit-timer-")).toList();
        assertThat(timers).as("the servlet's timer ran the body's deadline").isNotEmpty();

        servlet.destroy();

        for (Thread timer : timers) {
            timer.join(10_000); // ends at once once shut down; an idle one lives on 30 s
            assertThat(timer.isAlive()).as(timer.getName() + " still runs after destroy()").isFalse();
        }
    }

    /** The head of a POST whose body is sent chunked, and the size line of its first chunk, {@code size} bytes. */
    private static byte[] chunkedHead(String signature, int size) {
        return ("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + WebhookSigner.HEADER + ": " + signature + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] requestHead(String signature, int length) {
        return requestHead(signature, length, "");
    }

    /** With {@code more} header lines, each ending in CR LF. */
    private static byte[] requestHead(String signature, int length, String more) {
        return ("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + WebhookSigner.HEADER + ": " + signature + "\r\n" + more + "Content-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** All that one request without a body, alone on a connection closed after it, is sent back. */
    private String exchangeAlone(String head) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard
            socket.getOutputStream().write(head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The status line and headers of the answer on {@code in}, and its body of {@code Content-Length} bytes, read no further. */
    private static String headAndBody(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("an answer's head, then " + read).isNotNegative();
            read.write(b);
        }
        Matcher length = Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n")
                .matcher(read.toString(StandardCharsets.US_ASCII));
        assertThat(length.find()).as("a Content-Length in " + read).isTrue();
        read.write(in.readNBytes(Integer.parseInt(length.group(1))));
        return read.toString(StandardCharsets.US_ASCII);
    }

    /** The status line and headers of the answer on {@code socket}. */
    private static List<String> responseHead(Socket socket) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        List<String> lines = new java.util.ArrayList<>();
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            lines.add(line);
        }
        assertThat(lines).as("an answer").isNotEmpty();
        return lines;
    }

    /** A POST whose body has no length given: HTTP/1.1 sends it chunked. */
    private HttpResponse<String> postChunked(byte[] body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(container.url(PATH))).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json").header(WebhookSigner.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(20, TimeUnit.SECONDS);
    }
}
