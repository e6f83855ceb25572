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
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        ReplayGuard memory = ReplayGuard.inMemory();
        WebhookVerifier recording = Fixtures.verifier(clock).replayGuard(new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                recorded.add(deliveryKey);
                times.add(now);
                return memory.claim(deliveryKey, now);
            }

            @Override
            public void commit(Claim claim, Instant now) {
                memory.commit(claim, now);
            }

            @Override
            public void release(Claim claim) {
                memory.release(claim);
            }
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
                .startsWith("delivery/ver_abc123/verification.completed/")
                .endsWith(hmacHex(SECRET, BODY));
        assertThat(times).containsExactly(NOW);
    }

    /**
     * The guard claimed the delivery and then could not record it (Redis went away between the two):
     * {@code verify} threw, so the caller did not take the event, and the claim left standing made
     * the service's retries "accepted before" (REPLAYED) until it expired: the event was lost. It is
     * accepted now, as {@code handle} does when a commit fails, and the failure logged.
     */
    @Test
    void aDeliveryClaimedButNotRecordedIsStillAccepted() {
        ReplayGuard memory = ReplayGuard.inMemory();
        WebhookVerifier unrecorded = Fixtures.verifier(clock).replayGuard(new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                return memory.claim(deliveryKey, now);
            }

            @Override
            public void commit(Claim claim, Instant now) {
                throw new IllegalStateException("the store went away");
            }

            @Override
            public void release(Claim claim) {
                memory.release(claim);
            }
        }).build();
        byte[] other = bytes(BODY_TEXT.replace("ver_abc123", "ver_other"));

        assertThatCode(() -> unrecorded.verify(BODY, hmacHex(SECRET, BODY))).doesNotThrowAnyException();
        assertThat(unrecorded.verifyAndParse(other, hmacHex(SECRET, other))).isInstanceOf(DokaiWebhookEvent.Completed.class);
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

    /** Claims and commits at once, as {@code verify} does: whether the key was new. */
    private static boolean firstSeen(ReplayGuard guard, String key, Instant now) {
        ReplayGuard.Claim claim = guard.claim(key, now);
        if (claim.kind() != ReplayGuard.Claim.Kind.CLAIMED) {
            return false;
        }
        guard.commit(claim, now);
        return true;
    }

    /**
     * Full, the guard forgot its oldest key to make room, a claim in progress too: a copy of that
     * delivery was then handled beside the first. A full guard now forgets the oldest handled
     * delivery, never a claim; refusing new keys until a day-old one expired would lose them.
     */
    @Test
    void aFullInMemoryGuardForgetsTheOldestHandledDeliveryNeverAClaimInProgress() {
        ReplayGuard guard = ReplayGuard.inMemory(3, Duration.ofHours(1));
        ReplayGuard.Claim inProgress = guard.claim("in-progress", NOW);
        assertThat(firstSeen(guard, "a", NOW.plusSeconds(1))).isTrue();
        assertThat(firstSeen(guard, "b", NOW.plusSeconds(2))).isTrue();

        assertThat(firstSeen(guard, "c", NOW.plusSeconds(3))).as("room made from a, the oldest handled").isTrue();

        assertThat(guard.toString()).contains("size=3", "maxEntries=3");
        assertThat(guard.claim("in-progress", NOW.plusSeconds(4)).kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
        assertThat(firstSeen(guard, "b", NOW.plusSeconds(4))).isFalse();
        assertThat(firstSeen(guard, "c", NOW.plusSeconds(4))).isFalse();
        guard.commit(inProgress, NOW.plusSeconds(5));
        assertThat(firstSeen(guard, "in-progress", NOW.plusSeconds(6))).isFalse();
        assertThat(firstSeen(guard, "a", NOW.plusSeconds(7))).as("a was forgotten to make room").isTrue();
    }

    /** Every key a claim in progress: a new one is refused, and nothing the guard holds changes. */
    @Test
    void anInMemoryGuardFullOfClaimsInProgressRefusesANewKey() {
        ReplayGuard guard = ReplayGuard.inMemory(2, Duration.ofHours(1));
        guard.claim("x", NOW);
        guard.claim("y", NOW);

        assertThatThrownBy(() -> guard.claim("z", NOW.plusSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("full").hasMessageContaining("maxEntries");
        assertThat(guard.claim("x", NOW.plusSeconds(1)).kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
        assertThat(guard.claim("y", NOW.plusSeconds(1)).kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
    }

    /**
     * An abandoned claim (60 s) written after a handled delivery (a day) expires first; a full guard
     * finds it there, not only at the head of the map, and makes room.
     */
    @Test
    void aFullInMemoryGuardMakesRoomFromAnyExpiredKey() {
        ReplayGuard guard = ReplayGuard.inMemory(2, Duration.ofHours(24), Duration.ofSeconds(60));
        assertThat(firstSeen(guard, "done", NOW)).isTrue();
        assertThat(guard.claim("abandoned", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

        assertThat(guard.claim("new", NOW.plusSeconds(61)).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        assertThat(firstSeen(guard, "done", NOW.plusSeconds(62))).isFalse();
    }

    /** {@code handle} answers a delivery that meets a guard full of claims 503 with Retry-After, its handler not called. */
    @Test
    void aDeliveryMeetingAGuardFullOfClaimsIsAnswered503AndHandledWhenSentAgainLater() {
        ReplayGuard guard = ReplayGuard.inMemory(1, Duration.ofMinutes(10));
        WebhookVerifier guarded = Fixtures.verifier(clock).replayGuard(guard).build();
        ReplayGuard.Claim held = guard.claim("another delivery being handled", clock.now());
        List<DokaiWebhookEvent> handled = new ArrayList<>();

        WebhookOutcome full = guarded.handle(BODY, hmacHex(SECRET, BODY), handled::add);

        assertThat(full.kind()).isEqualTo(WebhookOutcome.Kind.GUARD_UNAVAILABLE);
        assertThat(full.httpStatus()).isEqualTo(503);
        assertThat(full.retryAfterHeader()).isPresent();
        assertThat(handled).isEmpty();

        guard.commit(held, clock.now());
        assertThat(guarded.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).hasSize(1);
        assertThat(guarded.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind())
                .isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
    }

    @Test
    void theInMemoryGuardExpiresEachKeyOnItsOwn() {
        ReplayGuard guard = ReplayGuard.inMemory(10, Duration.ofMinutes(10));
        firstSeen(guard, "early", NOW);
        firstSeen(guard, "late", NOW.plus(Duration.ofMinutes(5)));

        Instant later = NOW.plus(Duration.ofMinutes(11));
        assertThat(firstSeen(guard, "late", later)).isFalse();
        assertThat(firstSeen(guard, "early", later)).isTrue();
        assertThat(guard.toString()).contains("size=2");
    }

    @Test
    void aClaimIsInProgressUntilCommittedReleasedOrExpired() {
        ReplayGuard guard = ReplayGuard.inMemory(10, Duration.ofHours(1), Duration.ofSeconds(30));
        ReplayGuard.Claim first = guard.claim("k", NOW);
        assertThat(first.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        assertThat(first.token()).isNotEmpty();

        ReplayGuard.Claim second = guard.claim("k", NOW.plusSeconds(10));
        assertThat(second.kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
        assertThat(second.retryAfter()).isEqualTo(Duration.ofSeconds(20));

        guard.release(first);
        ReplayGuard.Claim third = guard.claim("k", NOW.plusSeconds(11));
        assertThat(third.kind()).as("released: the next copy claims it").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

        ReplayGuard.Claim afterExpiry = guard.claim("k", NOW.plusSeconds(41));
        assertThat(afterExpiry.kind()).as("an abandoned claim expires").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        guard.release(third);
        assertThat(guard.claim("k", NOW.plusSeconds(42)).kind())
                .as("releasing an expired claim leaves the newer one standing").isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);

        guard.commit(afterExpiry, NOW.plusSeconds(43));
        assertThat(guard.claim("k", NOW.plusSeconds(44)).kind()).isEqualTo(ReplayGuard.Claim.Kind.DONE);
        assertThat(guard.claim("k", NOW.plusSeconds(43).plus(Duration.ofHours(1))).kind())
                .as("forgotten after its time to live").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
    }

    @Test
    void theInMemoryGuardRefusesBadSettings() {
        assertThatThrownBy(() -> ReplayGuard.inMemory(0, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxEntries"));
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ZERO))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("claimTimeout"));
        assertThat(ReplayGuard.DEFAULT_TTL).isEqualTo(Duration.ofHours(24));
        assertThat(ReplayGuard.inMemory().toString()).contains("maxEntries=10000", "ttl=PT24H", "claimTimeout=PT1M");
    }
}
