package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.testing.Background;
import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookOutcome.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WebhookVerifier#handle}: each event handled exactly once, in the safe order. */
class WebhookHandleTest {
    private static final String EVENT_KEY = "event/ver_abc123/verification.completed";

    private final VirtualScheduler clock = Fixtures.clock();
    private final ReplayGuard guard = ReplayGuard.inMemory();
    private final WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(guard).build();
    private final List<DokaiWebhookEvent> handled = new ArrayList<>();

    @Test
    void anEventIsHandledOnceHoweverOftenItIsSent() {
        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add);
        WebhookOutcome same = verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add);
        WebhookOutcome retried = verifier.handle(BODY, timestamped(SECRET, T + 30, BODY), handled::add);

        assertThat(first.kind()).isEqualTo(Kind.HANDLED);
        assertThat(first.httpStatus()).isEqualTo(200);
        assertThat(first.handled()).isTrue();
        assertThat(first.event()).containsInstanceOf(DokaiWebhookEvent.Completed.class);
        assertThat(List.of(same.kind(), retried.kind())).containsOnly(Kind.ALREADY_HANDLED);
        assertThat(same.httpStatus()).as("a replay is answered 2xx so the service stops").isEqualTo(200);
        assertThat(retried.event()).isPresent();
        assertThat(handled).hasSize(1);
    }


    /**
     * A completed or failed event goes by its session and type, however it is written: with its id
     * sent as a whole number (read as its digits, {@code session().id()}), the key took the raw id as
     * text only, so the event counted as having no session id, was known by its body, and a copy
     * written in another field order was handed to the handler again.
     */
    @Test
    void aSessionsCompletedEventIsHandledOnceWhetherItsIdIsSentAsTextOrAsANumber() {
        for (String id : List.of("\"156319135\"", "156319135")) {
            WebhookVerifier fresh = Fixtures.verifier(Fixtures.clock()).build();
            List<String> sessions = new ArrayList<>();
            for (String template : List.of(
                    "{\"id\":%s,\"status\":\"verified\",\"type\":\"hosted\",\"event\":\"verification.completed\"}",
                    "{\"event\":\"verification.completed\",\"type\":\"hosted\",\"status\":\"verified\",\"id\":%s}")) {
                byte[] body = bytes(String.format(template, id));
                WebhookOutcome outcome = fresh.handle(body, hmacHex(SECRET, body),
                        event -> sessions.add(((DokaiWebhookEvent.Completed) event).session().id()));
                assertThat(outcome.kind()).isIn(Kind.HANDLED, Kind.ALREADY_HANDLED);
            }
            assertThat(sessions).as("id sent as " + id).containsExactly("156319135");
        }
    }

    /**
     * A session id sent as a number from 2^53 on is refused ("rather than read two ways"): the tree
     * of doubles holds 9007199254740993 as 2^53, so that session's event was taken for a copy of
     * session 9007199254740992's and lost.
     */
    @Test
    void aSessionIdNumberATreeCannotHoldExactlyIsRefusedNotTakenForAnothersEvent() {
        List<String> handledIds = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (String id : List.of("9007199254740992", "9007199254740993")) {
            byte[] body = bytes("{\"id\":" + id + ",\"status\":\"verified\",\"type\":\"hosted\",\"event\":\"verification.completed\"}");
            kinds.add(verifier.handle(body, hmacHex(SECRET, body),
                    event -> handledIds.add(((DokaiWebhookEvent.Completed) event).session().id())).kind());
        }
        assertThat(kinds).doesNotContain(Kind.ALREADY_HANDLED);
        assertThat(handledIds).isEmpty();
    }

    @Test
    void aFailedHandlerReleasesTheEventSoTheRetryIsHandled() {
        IllegalStateException down = new IllegalStateException("database down");
        WebhookOutcome failed = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw down;
        });
        WebhookOutcome retry = verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add);

        assertThat(failed.kind()).isEqualTo(Kind.HANDLER_FAILED);
        assertThat(failed.httpStatus()).isEqualTo(500);
        assertThat(failed.handled()).isFalse();
        assertThat(failed.failure()).containsSame(down);
        assertThat(retry.kind()).as("the retry of a failed delivery is not a replay").isEqualTo(Kind.HANDLED);
        assertThat(handled).hasSize(1);
        assertThat(guard.claim(EVENT_KEY, NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.DONE);
    }

    /** The test's in-memory guard behind the three methods every guard has: it does not extend claims. */
    private class PlainGuard implements ReplayGuard {
        @Override
        public Claim claim(String deliveryKey, Instant now) {
            return guard.claim(deliveryKey, now);
        }

        @Override
        public void commit(Claim claim, Instant now) {
            guard.commit(claim, now);
        }

        @Override
        public void release(Claim claim) {
            guard.release(claim);
        }
    }

    /** Starts handling the delivery with a handler that returns once {@code finish} opens; returns when it runs. */
    private CompletableFuture<WebhookOutcome> handleUntil(CountDownLatch finish) throws InterruptedException {
        CountDownLatch inHandler = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = Background.supply(() -> verifier.handle(BODY,
                hmacHex(SECRET, BODY), event -> {
                    inHandler.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                    handled.add(event);
                }));
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
        return slow;
    }

    @Test
    void aCopyArrivingWhileAnotherIsHandledIsInProgress() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = handleUntil(finish);
        clock.advance(Duration.ofMillis(20_500));

        WebhookOutcome copy = verifier.handle(BODY, timestamped(SECRET, T, BODY), handled::add);
        finish.countDown();

        assertThat(copy.kind()).isEqualTo(Kind.IN_PROGRESS);
        assertThat(copy.httpStatus()).isEqualTo(409);
        assertThat(copy.retryAfter()).as("the claim was extended at 20 s, a third of its timeout")
                .contains(Duration.ofMillis(59_500));
        assertThat(copy.retryAfterHeader()).as("whole seconds, rounded up").contains("60");
        assertThat(slow.get(30, TimeUnit.SECONDS).kind()).isEqualTo(Kind.HANDLED);
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.ALREADY_HANDLED);
        assertThat(handled).hasSize(1);
    }

    /**
     * {@code ReplayGuard.inMemory(maxEntries, ttl, claimTimeout)} took a claim timeout of 1 ms ("at least
     * 1 ms", so that a claim would not lapse between two extensions, which come at most once a
     * millisecond). But the verifier extends a claim every third of its timeout, and never more than once
     * a millisecond: a 1-ms claim was extended exactly as it expired, which the guard refuses (an expired
     * claim is not extended), and a copy arriving then was handled beside the handler still running,
     * breaking "your handler is called at most once at a time per event". It takes 3 ms or more now, where
     * every extension comes with two thirds of the claim left (timed on a virtual clock, no real time).
     */
    @ParameterizedTest
    @ValueSource(longs = {1_000_000, 1_500_000, 2_999_999})
    void theInMemoryGuardRefusesAClaimTimeoutItsExtensionsCannotKeep(long claimNanos) {
        assertThatThrownBy(() -> ReplayGuard.inMemory(100, Duration.ofHours(1), Duration.ofNanos(claimNanos)))
                .isInstanceOf(ValidationException.class).hasMessage("claimTimeout: must be at least 3 ms");
    }

    @Test
    void theShortestClaimTimeoutTheInMemoryGuardTakesIsKeptWhileTheHandlerRuns() throws Exception {
        Duration claimTimeout = Duration.ofMillis(3);
        VirtualScheduler time = Fixtures.clock();
        WebhookVerifier shortClaims = Fixtures.verifier(time)
                .replayGuard(ReplayGuard.inMemory(100, Duration.ofHours(1), claimTimeout)).build();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = Background.supply(() -> shortClaims.handle(BODY, hmacHex(SECRET, BODY),
                event -> {
                    calls.incrementAndGet();
                    inHandler.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                }));
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

        WebhookOutcome copy;
        try {
            time.advance(claimTimeout.multipliedBy(2)); // two whole timeouts pass, its extensions run as they fall due
            copy = shortClaims.handle(BODY, hmacHex(SECRET, BODY), event -> calls.incrementAndGet());
        } finally {
            finish.countDown();
        }

        assertThat(slow.get(30, TimeUnit.SECONDS).kind()).isEqualTo(Kind.HANDLED);
        assertThat(copy.kind()).as("a copy arriving while the first is handled").isEqualTo(Kind.IN_PROGRESS);
        assertThat(calls).as("the handler ran once at a time").hasValue(1);
    }

    @Test
    void aHandlerRunningPastTheClaimTimeoutKeepsItsClaim() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = handleUntil(finish);
        clock.advance(Duration.ofSeconds(310)); // five claim timeouts and more; extended every 20 s

        WebhookOutcome copy = verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add);
        finish.countDown();

        assertThat(copy.kind()).as("the claim stands while its handler runs").isEqualTo(Kind.IN_PROGRESS);
        assertThat(copy.retryAfter()).as("extended last at 300 s").contains(Duration.ofSeconds(50));
        assertThat(slow.get(30, TimeUnit.SECONDS).kind()).isEqualTo(Kind.HANDLED);
        assertThat(handled).hasSize(1);
        assertThat(clock.pendingTasks()).as("no extension is left once the handler returned").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.ALREADY_HANDLED);
    }

    /**
     * A guard of yours whose claim timeout is under 3 ms (here 1 ns) was extended every nanosecond while
     * the handler ran, a hot loop on the verifier's timer; at most once a millisecond now.
     */
    @Test
    void aGuardWithATinyClaimTimeoutIsExtendedAtMostOnceAMillisecond() throws Exception {
        ReplayGuard tiny = new PlainGuard() {
            @Override
            public Duration claimTimeout() {
                return Duration.ofNanos(1);
            }
        };
        WebhookVerifier withTiny = Fixtures.verifier(clock).replayGuard(tiny).build();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = Background.supply(() -> withTiny.handle(BODY, hmacHex(SECRET, BODY),
                event -> {
                    inHandler.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                }));
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofNanos(100_000)); // 100,000 extensions at a nanosecond each
        finish.countDown();

        assertThat(slow.get(30, TimeUnit.SECONDS).kind()).isEqualTo(Kind.HANDLED);
        assertThat(clock.scheduledDelays()).as("the extensions' periods").isNotEmpty()
                .allSatisfy(delay -> assertThat(delay).isGreaterThanOrEqualTo(Duration.ofMillis(1)));
    }

    @Test
    void aClaimIsExtendedForADayAtTheMost() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> slow = handleUntil(finish);

        clock.advance(Duration.ofHours(24).plusMinutes(2));

        assertThat(clock.pendingTasks()).as("no extension after a day").isZero();
        assertThat(clock.scheduledDelays()).as("one every 20 s").hasSize((int) (Duration.ofHours(24).toSeconds() / 20));
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind())
                .as("the claim expired a claim timeout after its last extension").isEqualTo(Kind.HANDLED);
        finish.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).kind()).isEqualTo(Kind.HANDLED);
    }

    @Test
    void aFailedHandlerStopsExtendingItsClaimBeforeReleasingIt() {
        WebhookOutcome failed = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            assertThat(clock.pendingTasks()).as("the claim's extension is scheduled").isEqualTo(1);
            throw new IllegalStateException("database down");
        });

        assertThat(failed.kind()).isEqualTo(Kind.HANDLER_FAILED);
        assertThat(clock.pendingTasks()).isZero();
        assertThat(guard.claim(EVENT_KEY, NOW).kind()).as("released").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
    }

    @Test
    void aGuardThatDoesNotExtendClaimsIsNotAsked() {
        ReplayGuard plain = new PlainGuard();
        WebhookVerifier withPlain = Fixtures.verifier(clock).replayGuard(plain).build();

        WebhookOutcome outcome = withPlain.handle(BODY, hmacHex(SECRET, BODY), event -> {
            assertThat(clock.pendingTasks()).isZero();
            handled.add(event);
        });

        assertThat(outcome.kind()).isEqualTo(Kind.HANDLED);
        assertThat(plain.claimTimeout()).isZero();
        assertThat(handled).hasSize(1);
    }

    @Test
    void aGuardFailingToSayItsClaimTimeoutStillHasItsHandlerCalled() {
        ReplayGuard failing = new PlainGuard() {
            @Override
            public Duration claimTimeout() {
                throw new IllegalStateException("not configured");
            }
        };

        WebhookOutcome outcome = Fixtures.verifier(clock).replayGuard(failing).build()
                .handle(BODY, hmacHex(SECRET, BODY), handled::add);

        assertThat(outcome.kind()).as("the claim is not extended, the delivery still handled").isEqualTo(Kind.HANDLED);
        assertThat(handled).hasSize(1);
    }

    @Test
    void aClaimAbandonedByACrashedInstanceExpires() {
        ReplayGuard.Claim crashed = guard.claim(EVENT_KEY, NOW);
        assertThat(crashed.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.IN_PROGRESS);
        clock.advance(ReplayGuard.DEFAULT_CLAIM_TIMEOUT);
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.HANDLED);
        assertThat(handled).hasSize(1);
    }

    @Test
    void aRefusedDeliveryNeverReachesTheGuardOrTheHandler() {
        byte[] notAnEvent = bytes("{\"hello\":1}");
        WebhookOutcome forged = verifier.handle(BODY, hmacHex("whsec_forged", BODY), handled::add);
        WebhookOutcome stale = verifier.handle(BODY, timestamped(SECRET, T - 3600, BODY), handled::add);
        WebhookOutcome missing = verifier.handle(BODY, (String) null, handled::add);
        WebhookOutcome twice = verifier.handle(BODY, Map.of("X-Dokai-Signature", List.of("a", "b")), handled::add);
        WebhookOutcome malformed = verifier.handle(notAnEvent, hmacHex(SECRET, notAnEvent), handled::add);

        assertThat(List.of(forged, stale, missing, twice, malformed)).allSatisfy(outcome -> {
            assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
            assertThat(outcome.httpStatus()).isEqualTo(400);
            assertThat(outcome.event()).isEmpty();
        });
        assertThat(reason(forged)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reason(stale)).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reason(missing)).isEqualTo(Reason.MISSING_HEADER);
        assertThat(reason(twice)).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(malformed.refusal()).containsInstanceOf(MalformedResponseException.class);
        assertThat(forged.toString()).doesNotContain(SECRET, hmacHex(SECRET, BODY));
        assertThat(handled).isEmpty();
        assertThat(guard.toString()).contains("size=0");
    }

    @Test
    void streamsAndHeaderMapsAreHandledAlike() {
        WebhookVerifier small = Fixtures.verifier(clock).maxBodyBytes(64).build();
        WebhookOutcome big = small.handle(new ByteArrayInputStream(BODY), hmacHex(SECRET, BODY), handled::add);
        WebhookOutcome viaStream = verifier.handle(new ByteArrayInputStream(BODY),
                Map.of("x-dokai-signature", List.of(hmacHex(SECRET, BODY))), handled::add);
        WebhookOutcome again = verifier.handle(BODY, Map.of("X-DOKAI-SIGNATURE", List.of(hmacHex(SECRET, BODY))),
                handled::add);

        assertThat(reason(big)).isEqualTo(Reason.BODY_TOO_LARGE);
        assertThat(big.httpStatus()).isEqualTo(413);
        assertThat(viaStream.kind()).isEqualTo(Kind.HANDLED);
        assertThat(again.kind()).isEqualTo(Kind.ALREADY_HANDLED);
        assertThat(handled).hasSize(1);
    }

    /**
     * {@code WebhookRefusal.reason()}'s Javadoc gives as examples what a listener is told for a
     * signature that does not match and for a body too large, so that a listener matching on them
     * matches: it gave {@code "signature mismatch"} and {@code "body too large"}, which the verifier
     * never tells (it tells {@code NO_MATCHING_SIGNATURE} and {@code BODY_TOO_LARGE}, as the
     * Micrometer tag's documentation says).
     */
    @Test
    void theRefusalReasonsTheJavadocGivesAreTheOnesTold() throws IOException {
        List<String> told = new ArrayList<>();
        WebhookVerifier small = Fixtures.verifier(clock).maxBodyBytes(BODY.length).listener(new VerifyKitListener() {
            @Override
            public void onWebhookRefused(WebhookRefusal refusal) {
                told.add(refusal.reason());
            }
        }).build();
        small.handle(BODY, hmacHex("whsec_another_secret", BODY), event -> { });
        byte[] larger = Arrays.copyOf(BODY, BODY.length + 1);
        small.handle(larger, hmacHex(SECRET, larger), event -> { });
        assertThat(told).hasSize(2);

        String javadoc = Files.readString(
                Path.of("src/main/java/dev/verifykit/event/WebhookRefusal.java"));
        Matcher doc = Pattern.compile("/\\*\\*([^/]*)\\*/\\s*public abstract String reason\\(\\)")
                .matcher(javadoc);
        assertThat(doc.find()).as("reason()'s Javadoc").isTrue();
        List<String> examples = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(doc.group(1));
        while (quoted.find()) {
            examples.add(quoted.group(1));
        }
        assertThat(examples).as("the examples of WebhookRefusal.reason()'s Javadoc: a signature that does not match,"
                + " a body too large").containsExactlyElementsOf(told);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutTheBodyAndToldOnce() {
        List<String> told = new ArrayList<>();
        WebhookVerifier small = Fixtures.verifier(clock).maxBodyBytes(BODY.length).listener(new VerifyKitListener() {
            @Override
            public void onWebhookRefused(WebhookRefusal refusal) {
                told.add(refusal.reason() + " " + refusal.status().orElse(0));
            }
        }).build();
        String signature = hmacHex(SECRET, BODY);
        Map<String, List<String>> signed = Map.of(WebhookSigner.HEADER, List.of(signature));

        assertThat(small.refuseByLength(BODY.length, signed)).as("within the limit: read it").isEmpty();
        assertThat(small.refuseByLength(-1, signed)).as("unknown: read it").isEmpty();
        WebhookOutcome tooLarge = small.refuseByLength(BODY.length + 1L, signed).orElseThrow();
        WebhookOutcome unsigned = small.refuseByLength(Long.MAX_VALUE, Map.of()).orElseThrow();
        WebhookOutcome twice = small.refuseByLength(BODY.length + 1L,
                Map.of(WebhookSigner.HEADER, List.of(signature, signature))).orElseThrow();
        WebhookOutcome notHex = small.refuseByLength(BODY.length + 1L,
                Map.of(WebhookSigner.HEADER, List.of("z".repeat(64)))).orElseThrow();

        assertThat(reason(tooLarge)).isEqualTo(Reason.BODY_TOO_LARGE);
        assertThat(tooLarge.httpStatus()).isEqualTo(413);
        assertThat(List.of(unsigned, twice, notHex)).allSatisfy(o -> assertThat(o.httpStatus()).isEqualTo(400));
        assertThat(told).containsExactly("BODY_TOO_LARGE 413", "MISSING_HEADER 400", "MALFORMED_HEADER 400",
                "MALFORMED_HEADER 400");
    }

    @Test
    void withoutAGuardAVerifierStillHandlesEachEventOnce() {
        WebhookVerifier plain = Fixtures.verifier(clock).build();
        plain.handle(BODY, hmacHex(SECRET, BODY), handled::add);
        plain.handle(BODY, timestamped(SECRET, T, BODY), handled::add);

        assertThat(handled).hasSize(1);
        assertThat(plain.verifyAndParse(BODY, hmacHex(SECRET, BODY)))
                .as("verify() alone checks for replays only with a guard set").isNotNull();
    }

    @Test
    void eventsThatDoNotNameTheirSessionAreToldApartByTheirBody() {
        byte[] first = bytes("{\"event\":\"verification.archived\",\"n\":1}");
        byte[] second = bytes("{\"event\":\"verification.archived\",\"n\":2}");

        assertThat(verifier.handle(first, hmacHex(SECRET, first), handled::add).kind()).isEqualTo(Kind.HANDLED);
        assertThat(verifier.handle(second, hmacHex(SECRET, second), handled::add).kind()).isEqualTo(Kind.HANDLED);
        assertThat(verifier.handle(first, hmacHex(SECRET, first), handled::add).kind()).isEqualTo(Kind.ALREADY_HANDLED);
        assertThat(verifier.handle(first, timestamped(SECRET, T + 30, first), handled::add).kind())
                .as("a retry signed with a new timestamp is the same delivery").isEqualTo(Kind.ALREADY_HANDLED);
        assertThat(handled).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(DokaiWebhookEvent.Unknown.class));
    }

    @Test
    void eventsOfATypeThisVersionDoesNotKnowAreEachHandledOnce() {
        byte[] uploaded = bytes("{\"id\":\"ver_abc123\",\"status\":\"document_uploaded\","
                + "\"event\":\"verification.updated\"}");
        byte[] processing = bytes("{\"id\":\"ver_abc123\",\"status\":\"processing\","
                + "\"event\":\"verification.updated\"}");

        assertThat(verifier.handle(uploaded, hmacHex(SECRET, uploaded), handled::add).kind()).isEqualTo(Kind.HANDLED);
        assertThat(verifier.handle(processing, timestamped(SECRET, T, processing), handled::add).kind())
                .as("another event of the same type and session").isEqualTo(Kind.HANDLED);
        assertThat(verifier.handle(uploaded, timestamped(SECRET, T + 30, uploaded), handled::add).kind())
                .as("a retry of the first").isEqualTo(Kind.ALREADY_HANDLED);
        assertThat(handled).extracting(e -> ((DokaiWebhookEvent.Unknown) e).rawJson())
                .containsExactly(new String(uploaded, StandardCharsets.UTF_8),
                        new String(processing, StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableGuardIsAServiceUnavailableAndTheHandlerIsNotCalled() {
        WebhookVerifier broken = Fixtures.verifier(clock).replayGuard(new FailingGuard(true, false, false)).build();
        WebhookOutcome outcome = broken.handle(BODY, hmacHex(SECRET, BODY), handled::add);

        assertThat(outcome.kind()).isEqualTo(Kind.GUARD_UNAVAILABLE);
        assertThat(outcome.httpStatus()).isEqualTo(503);
        assertThat(outcome.retryAfterHeader()).contains("10");
        assertThat(outcome.failure()).get().asString().contains("store unreachable");
        assertThat(handled).isEmpty();
    }

    /** A guard of yours answering no claim at all (null) is as unreachable: 503, the handler not called. */
    @Test
    void aGuardAnsweringNoClaimIsAServiceUnavailableAndTheHandlerIsNotCalled() {
        ReplayGuard noAnswer = new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                return null;
            }

            @Override
            public void commit(Claim claim, Instant now) {}

            @Override
            public void release(Claim claim) {}
        };
        WebhookOutcome outcome = Fixtures.verifier(clock).replayGuard(noAnswer).build()
                .handle(BODY, hmacHex(SECRET, BODY), handled::add);

        assertThat(outcome.kind()).isEqualTo(Kind.GUARD_UNAVAILABLE);
        assertThat(outcome.httpStatus()).isEqualTo(503);
        assertThat(outcome.failure()).get().asString().contains("claim answered null");
        assertThat(handled).isEmpty();
    }

    @Test
    void aGuardFailingAfterTheHandlerDoesNotChangeWhatHappened() {
        WebhookVerifier noCommit = Fixtures.verifier(clock).replayGuard(new FailingGuard(false, true, false)).build();
        WebhookVerifier noRelease = Fixtures.verifier(clock).replayGuard(new FailingGuard(false, false, true)).build();

        assertThat(noCommit.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.HANDLED);
        assertThat(noRelease.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw new IOException("disk full");
        }).kind()).isEqualTo(Kind.HANDLER_FAILED);
        assertThat(handled).hasSize(1);
    }

    /**
     * A guard that cannot record a handled delivery is warned of with the delivery's key, which holds
     * the body's session id and event type: a type holding a line break and ESC reached the log raw,
     * forging a line of it.
     */
    @Test
    void theGuardsWarningShowsTheDeliverysKeyEscaped() {
        WebhookVerifier noCommit = Fixtures.verifier(clock).replayGuard(new FailingGuard(false, true, false)).build();
        byte[] body = bytes("{\"event\":\"verification.reviewed\\nforged line\\u001b[2K\",\"id\":\"ver_9\"}");
        List<LogRecord> warned = LoggedWarnings.during("dev.verifykit.webhook",
                () -> assertThat(noCommit.handle(body, hmacHex(SECRET, body), handled::add).kind()).isEqualTo(Kind.HANDLED));

        assertThat(warned).singleElement().extracting(LogRecord::getMessage)
                .satisfies(m -> assertThat(m).contains("verification.reviewed\\u000Aforged line\\u001B[2K")
                        .doesNotContain("\n").doesNotContain("\u001b"));
    }

    @Test
    void anErrorInTheHandlerReleasesTheClaimAndPropagates() {
        assertThatThrownBy(() -> verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);

        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.HANDLED);
    }

    @Test
    void anInterruptedHandlerFailsAndKeepsTheInterrupt() {
        WebhookOutcome outcome = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw new InterruptedException();
        });

        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(outcome.kind()).isEqualTo(Kind.HANDLER_FAILED);
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(Kind.HANDLED);
    }

    /**
     * "An interrupt the handler left is put aside meanwhile [...] and is restored after", for a
     * release and for a commit alike: the guard settles the claim with the thread's interrupt flag
     * clear (a guard waiting for its store would otherwise fail at once), and the caller's thread
     * has the interrupt back. The commit is given the verifier's wall clock.
     */
    @Test
    void anInterruptTheHandlerLeftIsPutAsideWhileTheGuardSettlesTheClaimAndRestoredAfter() {
        List<String> settled = new ArrayList<>();
        List<Instant> committedAt = new ArrayList<>();
        ReplayGuard watching = new ReplayGuard() {
            private final ReplayGuard memory = ReplayGuard.inMemory();

            @Override
            public Claim claim(String deliveryKey, Instant now) {
                return memory.claim(deliveryKey, now);
            }

            @Override
            public void commit(Claim c, Instant now) {
                settled.add("commit, interrupted=" + Thread.currentThread().isInterrupted());
                committedAt.add(now);
                memory.commit(c, now);
            }

            @Override
            public void release(Claim c) {
                settled.add("release, interrupted=" + Thread.currentThread().isInterrupted());
                memory.release(c);
            }
        };
        WebhookVerifier watched = Fixtures.verifier(clock).replayGuard(watching).build();

        WebhookOutcome failed = watched.handle(BODY, hmacHex(SECRET, BODY), event -> {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while storing the event");
        });
        boolean interruptedAfterRelease = Thread.interrupted();
        WebhookOutcome retried = watched.handle(BODY, hmacHex(SECRET, BODY), event -> {
            clock.advance(Duration.ofSeconds(2));
            Thread.currentThread().interrupt();
        });
        boolean interruptedAfterCommit = Thread.interrupted();

        assertThat(failed.kind()).isEqualTo(Kind.HANDLER_FAILED);
        assertThat(retried.kind()).isEqualTo(Kind.HANDLED);
        assertThat(settled).containsExactly("release, interrupted=false", "commit, interrupted=false");
        assertThat(interruptedAfterRelease).as("the interrupt is back after the release").isTrue();
        assertThat(interruptedAfterCommit).as("the interrupt is back after the commit").isTrue();
        assertThat(committedAt).containsExactly(NOW.plusSeconds(2));
    }

    @Test
    void theHandlerIsRequired() {
        assertThatThrownBy(() -> verifier.handle(BODY, hmacHex(SECRET, BODY), null))
                .hasMessageContaining("handler");
    }

    private static Reason reason(WebhookOutcome outcome) {
        assertThat(outcome.refusal()).containsInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) outcome.refusal().orElseThrow()).reason();
    }

    /** A guard whose store fails at one of its steps, as a shared store does when unreachable. */
    private static final class FailingGuard implements ReplayGuard {
        private final ReplayGuard memory = ReplayGuard.inMemory();
        private final boolean claim;
        private final boolean commit;
        private final boolean release;

        FailingGuard(boolean claim, boolean commit, boolean release) {
            this.claim = claim;
            this.commit = commit;
            this.release = release;
        }

        @Override
        public Claim claim(String deliveryKey, Instant now) {
            if (claim) {
                throw new IllegalStateException("store unreachable");
            }
            return memory.claim(deliveryKey, now);
        }

        @Override
        public void commit(Claim c, Instant now) {
            if (commit) {
                throw new IllegalStateException("store unreachable");
            }
            memory.commit(c, now);
        }

        @Override
        public void release(Claim c) {
            if (release) {
                throw new IllegalStateException("store unreachable");
            }
            memory.release(c);
        }
    }
}
