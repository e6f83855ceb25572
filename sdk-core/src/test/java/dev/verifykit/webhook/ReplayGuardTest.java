package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private final VirtualScheduler clock = Fixtures.clock();

    /**
     * {@code verify} and {@code verifyAndParse} only check a delivery: with a replay guard set they
     * recorded it as done at once, before the caller had handled it, so Dokai's retry of a delivery
     * the caller failed (the same bytes and, unstamped, the same signature) was refused as a replay
     * and the event lost. They never touch the guard now; {@code handle} still handles the event
     * once. The body and signature are Dokai's form, computed outside Java (python3
     * {@code hmac.new(b"whsec_review_one", body, hashlib.sha256).hexdigest()}, and
     * {@code openssl dgst -sha256 -hmac}).
     */
    @Test
    void verifyingNeverRecordsADeliverySoTheServicesRetryOfOneTheCallerFailedIsAccepted() {
        byte[] body = bytes("{\"id\":\"ver_rev1\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"event\":\"verification.completed\"}");
        String signature = "e65e21e8551477b89c22b40070872a3f3c2e8d2a109181c5ace72f44205ad496";
        ReplayGuard guard = ReplayGuard.inMemory();
        WebhookVerifier guarded = WebhookVerifier.builder().secret("whsec_review_one").scheduler(clock)
                .replayGuard(guard).build();
        List<DokaiWebhookEvent> handled = new ArrayList<>();
        List<LogRecord> warnings = LoggedWarnings.during("dev.verifykit.webhook", () -> {
            assertThat(guarded.verifyAndParse(body, signature)).isInstanceOf(DokaiWebhookEvent.Completed.class);
            guarded.verify(body, signature);
        });
        assertThat(warnings).as("said once: the guard set is not used by verify").singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("handle(...)"));
        // the caller's own processing failed: it answered 500, and Dokai sends the same delivery again
        assertThatCode(() -> guarded.verifyAndParse(body, signature)).as("Dokai's retry").doesNotThrowAnyException();
        assertThatCode(() -> guarded.verify(body, signature)).doesNotThrowAnyException();

        assertThat(guarded.handle(body, signature, handled::add).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(guarded.handle(body, signature, handled::add).kind()).isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
        assertThat(handled).hasSize(1);
    }

    /** {@code guard} (an in-memory one) timed on the test's virtual clock, as the verifier it is given to times it. */
    private ReplayGuard onTheClock(ReplayGuard guard) {
        Fixtures.verifier(clock).replayGuard(guard).build();
        return guard;
    }

    /** Claims and commits at once: whether the key was new. */
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
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(3, Duration.ofHours(1)));
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
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(2, Duration.ofHours(1)));
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
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(2, Duration.ofHours(24), Duration.ofSeconds(60)));
        assertThat(firstSeen(guard, "done", clock.now())).isTrue();
        assertThat(guard.claim("abandoned", clock.now()).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

        clock.advance(Duration.ofSeconds(61));
        assertThat(guard.claim("new", clock.now()).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        assertThat(firstSeen(guard, "done", clock.now())).isFalse();
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
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(10, Duration.ofMinutes(10)));
        firstSeen(guard, "early", clock.now());
        clock.advance(Duration.ofMinutes(5));
        firstSeen(guard, "late", clock.now());

        clock.advance(Duration.ofMinutes(6));
        assertThat(firstSeen(guard, "late", clock.now())).isFalse();
        assertThat(firstSeen(guard, "early", clock.now())).isTrue();
        assertThat(guard.toString()).contains("size=2");
    }

    @Test
    void aClaimIsInProgressUntilCommittedReleasedOrExpired() {
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(10, Duration.ofHours(1), Duration.ofSeconds(30)));
        ReplayGuard.Claim first = guard.claim("k", clock.now());
        assertThat(first.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        assertThat(first.token()).isNotEmpty();

        clock.advance(Duration.ofSeconds(10));
        ReplayGuard.Claim second = guard.claim("k", clock.now());
        assertThat(second.kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
        assertThat(second.retryAfter()).isEqualTo(Duration.ofSeconds(20));

        guard.release(first);
        clock.advance(Duration.ofSeconds(1));
        ReplayGuard.Claim third = guard.claim("k", clock.now());
        assertThat(third.kind()).as("released: the next copy claims it").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

        clock.advance(Duration.ofSeconds(30));
        ReplayGuard.Claim afterExpiry = guard.claim("k", clock.now());
        assertThat(afterExpiry.kind()).as("an abandoned claim expires").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        guard.release(third);
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.claim("k", clock.now()).kind())
                .as("releasing an expired claim leaves the newer one standing").isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(1));
        guard.commit(afterExpiry, clock.now());
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.claim("k", clock.now()).kind()).isEqualTo(ReplayGuard.Claim.Kind.DONE);
        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(guard.claim("k", clock.now()).kind())
                .as("forgotten after its time to live").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
    }

    /**
     * The in-memory guard keeps time on the monotonic clock, not by the {@code now} it is passed: it
     * took that wall-clock reading, so a step of the wall clock (an NTP correction) expired claims
     * and handled deliveries that still stood (see {@code ClaimOnTheWallClockTest}).
     */
    @Test
    void theInMemoryGuardDoesNotReadTheWallClockItIsPassed() {
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(10, Duration.ofHours(24), Duration.ofSeconds(60)));
        ReplayGuard.Claim claim = guard.claim("claimed", NOW);
        assertThat(firstSeen(guard, "done", NOW)).isTrue();

        Instant ahead = NOW.plus(Duration.ofDays(2));
        assertThat(guard.claim("done", ahead).kind()).isEqualTo(ReplayGuard.Claim.Kind.DONE);
        assertThat(guard.claim("claimed", ahead).kind()).isEqualTo(ReplayGuard.Claim.Kind.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(30));
        guard.extend(claim, NOW.minus(Duration.ofDays(2)));
        assertThat(guard.claim("claimed", NOW).retryAfter()).as("a claim timeout from the extension")
                .isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(guard.claim("claimed", NOW).kind())
                .as("its claim timeout passed on the monotonic clock").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
    }

    @Test
    void theInMemoryGuardRefusesBadSettings() {
        assertThatThrownBy(() -> ReplayGuard.inMemory(0, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxEntries"));
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ZERO))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("claimTimeout"));
        // under a millisecond a claim stands for nothing, and the claim's keeper extends it in a hot loop
        // while the handler runs (the Redis guard refuses it too)
        assertThatThrownBy(() -> ReplayGuard.inMemory(10, Duration.ofMinutes(1), Duration.ofNanos(1)))
                .isInstanceOf(ValidationException.class).hasMessage("claimTimeout: must be at least 3 ms");
        assertThat(ReplayGuard.DEFAULT_TTL).isEqualTo(Duration.ofHours(24));
        assertThat(ReplayGuard.inMemory().toString()).contains("maxEntries=10000", "ttl=PT24H", "claimTimeout=PT1M");
    }
}
