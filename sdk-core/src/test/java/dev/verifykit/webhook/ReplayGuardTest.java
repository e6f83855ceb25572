package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.BODY_TEXT;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static dev.verifykit.webhook.WebhookVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private final VirtualScheduler clock = Fixtures.clock();
    private final WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(ReplayGuard.inMemory()).build();

    @Test
    void theSameDeliveryIsRefusedTheSecondTime() {
        String header = timestamped(SECRET, T, BODY);

        assertThat(verifier.verifyAndParse(BODY, header)).isInstanceOf(DokaiWebhookEvent.Completed.class);
        assertThat(reasonOf(() -> verifier.verifyAndParse(BODY, header))).isEqualTo(Reason.REPLAYED);
        assertThat(reasonOf(() -> verifier.verify(BODY, header))).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void anotherSpellingOfTheSameSignatureIsStillAReplay() {
        String hex = hmacHex(SECRET, BODY);
        verifier.verify(BODY, hex);

        assertThat(reasonOf(() -> verifier.verify(BODY, hex.toUpperCase(Locale.ROOT)))).isEqualTo(Reason.REPLAYED);
        assertThat(reasonOf(() -> verifier.verify(BODY, "sha256=" + hex))).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void theReplayMessageNamesTheEventButNotTheSignature() {
        String hex = hmacHex(SECRET, BODY);
        verifier.verify(BODY, hex);

        assertThatThrownBy(() -> verifier.verify(BODY, hex))
                .hasMessageContaining("ver_abc123")
                .hasMessageContaining("verification.completed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex, SECRET));
    }

    @Test
    void otherDeliveriesAreAccepted() {
        byte[] failed = bytes(BODY_TEXT.replace("\"verified\"", "\"failed\"").replace("verification.completed",
                "verification.failed"));
        byte[] otherSession = bytes(BODY_TEXT.replace("ver_abc123", "ver_def456"));
        verifier.verify(BODY, timestamped(SECRET, T, BODY));

        assertThatCode(() -> verifier.verify(failed, timestamped(SECRET, T, failed))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(otherSession, timestamped(SECRET, T, otherSession))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, timestamped(SECRET, T + 30, BODY)))
                .as("Dokai retrying with a new timestamp is a new delivery")
                .doesNotThrowAnyException();
    }

    @Test
    void onlyVerifiedDeliveriesAreRecorded() {
        List<String> recorded = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        WebhookVerifier recording = Fixtures.verifier(clock).replayGuard((key, now) -> {
            recorded.add(key);
            times.add(now);
            return true;
        }).build();
        byte[] notJson = bytes("not json");

        reasonOf(() -> recording.verify(BODY, hmacHex("whsec_forged", BODY)));
        reasonOf(() -> recording.verify(BODY, timestamped(SECRET, T - 3600, BODY)));
        reasonOf(() -> recording.verify(BODY, "t=" + T));
        assertThatThrownBy(() -> recording.verifyAndParse(notJson, hmacHex(SECRET, notJson)))
                .isInstanceOf(MalformedResponseException.class);
        assertThat(recorded).isEmpty();

        recording.verify(BODY, hmacHex(SECRET, BODY));
        assertThat(recorded).singleElement().asString()
                .startsWith("ver_abc123/verification.completed/")
                .endsWith(hmacHex(SECRET, BODY));
        assertThat(times).containsExactly(NOW);
    }

    @Test
    void aBodyWithoutAnEventIsStillGuardedByItsSignature() {
        byte[] notJson = bytes("not json");
        String header = hmacHex(SECRET, notJson);
        verifier.verify(notJson, header);

        assertThat(reasonOf(() -> verifier.verify(notJson, header))).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void theInMemoryGuardForgetsAfterItsTimeToLiveOnTheVerifiersClock() {
        WebhookVerifier guarded = Fixtures.verifier(clock)
                .replayGuard(ReplayGuard.inMemory(100, Duration.ofMinutes(10)))
                .build();
        String header = hmacHex(SECRET, BODY);
        guarded.verify(BODY, header);

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(reasonOf(() -> guarded.verify(BODY, header))).isEqualTo(Reason.REPLAYED);

        clock.advance(Duration.ofMillis(1));
        assertThatCode(() -> guarded.verify(BODY, header)).doesNotThrowAnyException();
    }

    @Test
    void theInMemoryGuardKeepsAtMostItsBoundForgettingTheOldestFirst() {
        ReplayGuard guard = ReplayGuard.inMemory(2, Duration.ofHours(1));

        assertThat(guard.firstSeen("a", NOW)).isTrue();
        assertThat(guard.firstSeen("b", NOW)).isTrue();
        assertThat(guard.firstSeen("c", NOW)).isTrue();

        assertThat(guard.toString()).contains("size=2", "maxEntries=2");
        assertThat(guard.firstSeen("c", NOW)).isFalse();
        assertThat(guard.firstSeen("b", NOW)).isFalse();
        assertThat(guard.firstSeen("a", NOW)).as("forgotten when c came").isTrue();
    }

    @Test
    void theInMemoryGuardExpiresEachKeyOnItsOwn() {
        ReplayGuard guard = ReplayGuard.inMemory(10, Duration.ofMinutes(10));
        guard.firstSeen("early", NOW);
        guard.firstSeen("late", NOW.plus(Duration.ofMinutes(5)));

        Instant later = NOW.plus(Duration.ofMinutes(11));
        assertThat(guard.firstSeen("late", later)).isFalse();
        assertThat(guard.firstSeen("early", later)).isTrue();
        assertThat(guard.toString()).contains("size=2");
    }

    @Test
    void theInMemoryGuardAdmitsAKeyOnceUnderContention() throws Exception {
        ReplayGuard guard = ReplayGuard.inMemory();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentHashMap<String, Integer> admitted = new ConcurrentHashMap<>();
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        if (guard.firstSeen("key-" + i, NOW)) {
                            admitted.merge("key-" + i, 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted).hasSize(500).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void theInMemoryGuardRefusesBadSettings() {
        assertThatThrownBy(() -> ReplayGuard.inMemory(0, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxEntries"));
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ZERO))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        assertThat(ReplayGuard.DEFAULT_TTL).isEqualTo(Duration.ofHours(24));
        assertThat(ReplayGuard.inMemory().toString()).contains("maxEntries=10000", "ttl=PT24H");
    }
}
