package dev.verifykit.mock;

import static dev.verifykit.mock.DokaiHttp.SECRET;
import static dev.verifykit.mock.DokaiHttp.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.Http.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DokaiWebhookTest {

    private static final Duration GENEROUS = Duration.ofSeconds(15);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));

    private MockServer start(DokaiSettings.Builder dokai) {
        return MockServer.start(MockSettings.builder().clock(clock).dokai(dokai.build()).build());
    }

    /**
     * Short waits between attempts, and an attempt's timeout that only bounds a hang: with the
     * default 5 s, an attempt a loaded machine kept from its answer for that long would be logged as a
     * timeout and retried, and the log's statuses and attempts would no longer be the receiver's script.
     * The test that wants a timeout sets its own.
     */
    private static DokaiSettings.Builder fast() {
        return DokaiSettings.builder().deliveryDelays(Duration.ofMillis(50), Duration.ofMillis(100))
                .deliveryTimeout(Duration.ofMinutes(2));
    }

    private static String session(MockServer server, String webhookUrl) {
        return new DokaiHttp(server).newSession("{\"webhook_url\":\"" + webhookUrl + "\"}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(text);
    }

    @Test
    void verifiedIsDeliveredAsCompletedWithAPlainSignatureOfTheRawBody() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(); MockServer server = start(fast())) {
            String id = session(server, receiver.url());
            server.dokai().advance(id);
            server.dokai().advance(id);
            server.dokai().finish(id, "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(1, GENEROUS);
            WebhookReceiver.Received got = receiver.await(1, GENEROUS).get(0);

            assertThat(got.contentType()).isEqualTo("application/json");
            assertThat(got.signature()).isEqualTo(hmacHex(SECRET, got.text())).matches("[0-9a-f]{64}");
            Map<String, Object> body = json(got.text());
            assertThat(body.keySet()).containsExactly("event", "id", "status", "type", "face_match", "liveness",
                    "identity", "created_at", "expires_at");
            assertThat(body).containsEntry("event", "verification.completed").containsEntry("id", id)
                    .containsEntry("status", "verified");
            Map<String, Object> read = new DokaiHttp(server).read(DokaiHttp.KEY, id).json();
            body.remove("event");
            assertThat(body).as("the session object plus event").isEqualTo(read);

            MockWebhookDelivery first = log.get(0);
            assertThat(first.sessionId()).isEqualTo(id);
            assertThat(first.event()).isEqualTo("verification.completed");
            assertThat(first.url()).isEqualTo(receiver.url());
            assertThat(first.attempt()).isEqualTo(1);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.succeeded()).isTrue();
            assertThat(first.error()).isNull();
            assertThat(first.sentAt()).isEqualTo(clock.instant());
            assertThat(first.body()).isEqualTo(got.text());
            assertThat(first.signatureHeader()).isEqualTo(got.signature());
        }
    }

    @Test
    void unverifiedIsCompletedAndFailedIsFailedWithAConfiguredSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = start(fast().webhookSecret("whsec_other"))) {
            String unverified = session(server, receiver.url());
            server.dokai().finish(unverified, "unverified");
            server.dokai().awaitDeliveries(1, GENEROUS);
            String failed = session(server, receiver.url());
            server.dokai().finish(failed, "failed");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(2, GENEROUS);

            assertThat(log).extracting(MockWebhookDelivery::sessionId, MockWebhookDelivery::event).containsExactly(
                    tuple(unverified, "verification.completed"),
                    tuple(failed, "verification.failed"));
            for (WebhookReceiver.Received got : receiver.await(2, GENEROUS)) {
                assertThat(got.signature()).isEqualTo(hmacHex("whsec_other", got.text()));
            }
            assertThat(json(log.get(1).body())).containsEntry("status", "failed").containsEntry("face_match", null);
        }
    }

    @Test
    void timestampedSchemeSignsTimeDotBody() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = start(fast().signatureScheme(DokaiSettings.SignatureScheme.TIMESTAMPED))) {
            server.dokai().finish(session(server, receiver.url()), "verified");

            WebhookReceiver.Received got = receiver.await(1, GENEROUS).get(0);

            long t = clock.instant().getEpochSecond();
            assertThat(got.signature()).isEqualTo("t=" + t + ",v1=" + hmacHex(SECRET, t + "." + got.text()));
            assertThat(server.dokai().awaitDeliveries(1, GENEROUS).get(0).signatureHeader()).isEqualTo(got.signature());
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheThirdAttemptAndEveryAttemptIsRecorded() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 503);
             MockServer server = start(fast().deliveryAttempts(3))) {
            String id = session(server, receiver.url());
            server.dokai().finish(id, "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(3, GENEROUS);

            assertThat(log).extracting(MockWebhookDelivery::attempt).containsExactly(1, 2, 3);
            assertThat(log).extracting(MockWebhookDelivery::status).containsExactly(500, 503, 200);
            assertThat(log).extracting(MockWebhookDelivery::body).containsOnly(log.get(0).body());
            List<WebhookReceiver.Received> got = receiver.await(3, GENEROUS);
            assertThat(got).hasSize(3).extracting(WebhookReceiver.Received::text).containsOnly(log.get(0).body());
            assertThat(server.dokai().deliveries()).hasSize(3);
        }
    }

    @Test
    void deliveryGivesUpAfterTheConfiguredAttempts() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500, 500, 500);
             MockServer server = start(fast().deliveryAttempts(2))) {
            server.dokai().finish(session(server, receiver.url()), "failed");

            assertThat(server.dokai().awaitDeliveries(2, GENEROUS)).extracting(MockWebhookDelivery::status)
                    .containsExactly(500, 500);
            Thread.sleep(400);
            assertThat(server.dokai().deliveries()).hasSize(2);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    /**
     * The delivery log keeps "the latest 10,000 attempts" and drops the oldest (RELIABILITY's bounds,
     * DokaiControl's Javadoc): a receiver that never takes a webhook must not grow the mock's memory for
     * as long as it runs. One delivery of 10,002 attempts, the first 10,001 failed by a rule (recorded,
     * not sent, retried at once), the last sent: once the receiver has it, attempt 10,001 was recorded.
     */
    @Test
    void theDeliveryLogKeepsTheLatestTenThousandAttempts() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = start(fast().deliveryAttempts(10_002).deliveryDelays(Duration.ZERO))) {
            server.faults().add("POST", "/**", MockFault.webhookFail(), 10_001);
            server.dokai().finish(session(server, receiver.url()), "verified");

            assertThat(receiver.await(1, Duration.ofSeconds(60))).as("the attempt past the failed ones").hasSize(1);

            List<MockWebhookDelivery> log = server.dokai().deliveries();
            assertThat(log).as("attempts kept").hasSize(10_000);
            int oldest = log.get(0).attempt();
            assertThat(oldest).as("the first attempts dropped").isGreaterThan(1);
            assertThat(log).extracting(MockWebhookDelivery::attempt).as("the latest, in order")
                    .containsExactlyElementsOf(IntStream.range(oldest, oldest + 10_000).boxed().toList())
                    .contains(10_001);
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(WebhookReceiver.HANG);
             MockServer server = start(fast().deliveryAttempts(5).deliveryTimeout(Duration.ofSeconds(1)))) {
            server.dokai().finish(session(server, receiver.url()), "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(2, GENEROUS);

            assertThat(log.get(0).status()).isEqualTo(-1);
            assertThat(log.get(0).succeeded()).isFalse();
            assertThat(log.get(0).error()).startsWith("timeout");
            assertThat(log.get(1).attempt()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableReceiverIsRecordedAsAFailure() {
        try (MockServer server = start(fast().deliveryAttempts(2))) {
            server.dokai().finish(session(server, "http://127.0.0.1:1/hook"), "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(2, GENEROUS);

            assertThat(log).extracting(MockWebhookDelivery::status).containsExactly(-1, -1);
            assertThat(log.get(0).error()).isNotBlank();
        }
    }

    @Test
    void noWebhookUrlOrAnExpiryMeansNoDelivery() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(); MockServer server = start(fast())) {
            DokaiHttp http = new DokaiHttp(server);
            server.dokai().finish(http.newSession("{}"), "verified");
            server.dokai().expire(session(server, receiver.url()));
            String byClock = session(server, receiver.url());
            clock.advance(Duration.ofHours(25));
            assertThat(server.dokai().session(byClock).orElseThrow().status()).isEqualTo("expired");

            assertThatThrownBy(() -> server.dokai().awaitDeliveries(1, Duration.ofMillis(500)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("got 0");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeliveryLogOverHttp() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(502); MockServer server = start(fast())) {
            DokaiHttp http = new DokaiHttp(server);
            String id = session(server, receiver.url());
            String other = session(server, receiver.url());
            server.dokai().finish(id, "verified");
            server.dokai().awaitDeliveries(2, GENEROUS);
            server.dokai().finish(other, "failed");
            server.dokai().awaitDeliveries(3, GENEROUS);

            Answer all = http.control("GET", "/deliveries", null);
            assertThat(all.status()).isEqualTo(200);
            List<Map<String, Object>> deliveries = (List<Map<String, Object>>) all.json().get("deliveries");
            assertThat(deliveries).hasSize(3);
            Map<String, Object> first = deliveries.get(0);
            assertThat(first.keySet()).containsExactly("sessionId", "event", "url", "attempt", "status", "error",
                    "sentAt", "body", "signatureHeader", "faultRule");
            assertThat(first).containsEntry("sessionId", id).containsEntry("event", "verification.completed")
                    .containsEntry("url", receiver.url()).containsEntry("attempt", 1.0).containsEntry("status", 502.0)
                    .containsEntry("error", null).containsEntry("sentAt", "2026-05-07T10:30:00.000Z");
            assertThat((String) first.get("signatureHeader")).isEqualTo(hmacHex(SECRET, (String) first.get("body")));

            List<Map<String, Object>> filtered = (List<Map<String, Object>>) http
                    .control("GET", "/deliveries?session=" + other, null).json().get("deliveries");
            assertThat(filtered).singleElement().satisfies(d -> assertThat(d).containsEntry("event", "verification.failed"));
        }
    }

    /**
     * A webhook endpoint on a raw socket: takes one connection, answers its request with {@code answer} (or never,
     * when it is null) and then reads until the sender closes the connection.
     */
    private static final class HangUpReceiver implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CountDownLatch requested = new CountDownLatch(1);
        private final CountDownLatch hungUp = new CountDownLatch(1);

        HangUpReceiver(String answer) throws IOException {
            Thread reader = new Thread(() -> {
                try (Socket connection = socket.accept(); InputStream in = connection.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    while (in.read(buffer) >= 0) {
                        if (requested.getCount() > 0 && answer != null) {
                            connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                            connection.getOutputStream().flush();
                        }
                        requested.countDown();
                    }
                } catch (IOException e) {
                    // a reset is a hang-up too
                } finally {
                    hungUp.countDown();
                }
            }, "hang-up-receiver");
            reader.setDaemon(true);
            reader.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        void awaitRequest() throws InterruptedException {
            assertThat(requested.await(15, TimeUnit.SECONDS)).as("the attempt reached the receiver").isTrue();
        }

        boolean awaitHangUp() throws InterruptedException {
            return hungUp.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * README (Dokai, webhooks): "{@code close()} stops it, cancelling in-flight attempts; nothing is delivered
     * after close." A receiver that takes the request and never answers sees its connection closed by the
     * server's {@code close()}, not kept open to the attempt's timeout (two minutes here).
     */
    @Test
    void closeCancelsAnAttemptInFlight() throws Exception {
        try (HangUpReceiver receiver = new HangUpReceiver(null)) {
            MockServer server = start(fast());
            try {
                server.dokai().finish(session(server, receiver.url()), "verified");
                receiver.awaitRequest();
            } finally {
                server.close();
            }

            assertThat(receiver.awaitHangUp()).as("the attempt in flight was cancelled by close()").isTrue();
        }
    }

    /** The deliverer's own OkHttp client is stopped by {@code close()}: its idle keep-alive connection is closed. */
    @Test
    void closeClosesTheIdleConnectionOfADelivery() throws Exception {
        try (HangUpReceiver receiver = new HangUpReceiver("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            MockServer server = start(fast());
            try {
                server.dokai().finish(session(server, receiver.url()), "verified");
                assertThat(server.dokai().awaitDeliveries(1, GENEROUS).get(0).status()).isEqualTo(200);
            } finally {
                server.close();
            }

            assertThat(receiver.awaitHangUp()).as("the pooled connection was closed by close()").isTrue();
        }
    }

    /** README: a reset drops "scheduled retries and in-flight attempts". */
    @Test
    void resetCancelsAnAttemptInFlight() throws Exception {
        try (HangUpReceiver receiver = new HangUpReceiver(null); MockServer server = start(fast())) {
            server.dokai().finish(session(server, receiver.url()), "verified");
            receiver.awaitRequest();

            server.reset();

            assertThat(receiver.awaitHangUp()).as("the attempt in flight was cancelled by the reset").isTrue();
            assertThat(server.dokai().deliveries()).isEmpty();
        }
    }

    /** README: "Any 2xx ends the delivery; redirects are not followed (a 3xx is retried like any non-2xx)." */
    @Test
    void aThreeHundredIsRetriedNotTakenAsDelivered() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(300); MockServer server = start(fast())) {
            server.dokai().finish(session(server, receiver.url()), "verified");

            assertThat(server.dokai().awaitDeliveries(2, GENEROUS)).extracting(MockWebhookDelivery::attempt,
                    MockWebhookDelivery::status).containsExactly(tuple(1, 300),
                    tuple(2, 200));
        }
    }

    /**
     * {@code DokaiControl.awaitDeliveries}: fewer attempts than awaited is an {@code IllegalStateException} whose
     * "message lists what was recorded": each attempt's session, event, number and status, and the error of one
     * that was not answered.
     */
    @Test
    void aWaitThatEndsShortListsTheAttemptsRecorded() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = start(fast().deliveryAttempts(1))) {
            String answered = session(server, receiver.url());
            server.dokai().finish(answered, "verified");
            server.dokai().awaitDeliveries(1, GENEROUS);
            String unreachable = session(server, "http://127.0.0.1:1/hook");
            server.dokai().finish(unreachable, "failed");
            String error = server.dokai().awaitDeliveries(2, GENEROUS).get(1).error();

            assertThatThrownBy(() -> server.dokai().awaitDeliveries(3, Duration.ZERO))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("got 2")
                    .hasMessageContaining("\n  " + answered + " verification.completed attempt 1 -> 200\n")
                    .hasMessageEndingWith("\n  " + unreachable + " verification.failed attempt 1 -> -1 (" + error + ")");
        }
    }

    /**
     * {@code DokaiControl.awaitDeliveries}: an interrupted wait ends with {@code IllegalStateException}, and the
     * caller's thread keeps its interrupt.
     */
    @Test
    void anInterruptedWaitEndsAndKeepsTheInterrupt() {
        try (MockServer server = start(fast())) {
            Throwable thrown;
            boolean interrupted;
            Thread.currentThread().interrupt();
            try {
                thrown = catchThrowable(() -> server.dokai().awaitDeliveries(1, Duration.ofMinutes(5)));
            } finally {
                interrupted = Thread.interrupted();
            }

            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("got 0");
            assertThat(interrupted).as("the interrupt kept").isTrue();
        }
    }

    /**
     * README: "redirects are not followed (a 3xx is retried like any non-2xx)": a 302 whose {@code Location} names
     * another receiver is recorded as the attempt's answer, and that receiver is sent nothing.
     */
    @Test
    void aRedirectWithALocationIsNotFollowed() throws Exception {
        try (WebhookReceiver target = WebhookReceiver.answering();
             HangUpReceiver redirecting = new HangUpReceiver("HTTP/1.1 302 Found\r\nLocation: " + target.url()
                     + "\r\nContent-Length: 0\r\n\r\n");
             MockServer server = start(fast().deliveryAttempts(1))) {
            server.dokai().finish(session(server, redirecting.url()), "verified");

            assertThat(server.dokai().awaitDeliveries(1, GENEROUS)).singleElement().satisfies(d -> {
                assertThat(d.url()).isEqualTo(redirecting.url());
                assertThat(d.status()).isEqualTo(302);
            });
            assertThat(target.received()).as("requests that followed the redirect").isEmpty();
        }
    }

    /**
     * README: "Attempts run on a daemon executor": a server left open does not keep the JVM from exiting. The
     * session is finished on a thread that is no daemon, whose kind a new thread would otherwise take.
     */
    @Test
    void deliveriesRunOnDaemonThreads() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(); MockServer server = start(fast())) {
            String id = session(server, receiver.url());
            Thread finisher = new Thread(() -> server.dokai().finish(id, "verified"));
            finisher.setDaemon(false);
            finisher.start();
            finisher.join();
            server.dokai().awaitDeliveries(1, GENEROUS);

            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName()
                    .startsWith("verifykit-mock-dokai-webhooks-")).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }

    /**
     * The retry is due 2 s after the first attempt, so the reset comes before it even on a loaded
     * machine (with 300 ms, a slow reset could let the retry run and be logged after it).
     */
    @Test
    void resetClearsTheLogAndDropsScheduledRetries() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500, 500);
             MockServer server = start(DokaiSettings.builder().deliveryDelays(Duration.ofSeconds(2)))) {
            server.dokai().finish(session(server, receiver.url()), "verified");
            server.dokai().awaitDeliveries(1, GENEROUS);

            new Http(server).send("POST", "/_mock/reset", null, "");
            Thread.sleep(2500);

            assertThat(server.dokai().deliveries()).isEmpty();
            assertThat(new DokaiHttp(server).control("GET", "/deliveries", null).json())
                    .isEqualTo(Map.of("deliveries", List.of()));
        }
    }
}
