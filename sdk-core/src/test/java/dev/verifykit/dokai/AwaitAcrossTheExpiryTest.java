package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session that reaches its outcome shortly before its {@code expires_at}, between two polls of a
 * wait whose next poll falls after the expiry (plus the 5-s grace): the session is verified for good
 * (Dokai's {@code expired} is "expired before completion"), the webhook says so, yet the wait gives
 * up with "passed its expires_at without an outcome" without asking once more.
 */
class AwaitAcrossTheExpiryTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private MockServer mock;
    private DokaiClient dokai;

    /** The mock's clock is the client's virtual time. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return time.now();
        }
    };

    @AfterEach
    void stop() {
        if (dokai != null) {
            dokai.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Test
    void anOutcomeReachedBeforeTheExpiryIsReturnedEvenWhenTheNextPollFallsAfterIt() {
        DokaiSettings settings = DokaiSettings.builder().sessionLifetime(Duration.ofSeconds(20)).build();
        mock = MockServer.start(MockSettings.builder().clock(clock).dokai(settings).build());
        dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl()).scheduler(time).build();
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().build());
        mock.dokai().advance(created.id());
        mock.dokai().advance(created.id()); // processing
        AtomicReference<Instant> finishedAt = new AtomicReference<>();

        KycSession done;
        try {
            done = dokai.verifySessions().awaitResult(created.id(), WaitOptions.builder().listener(progress -> {
                // the user's verification ends a few seconds before the session would have expired
                if (finishedAt.get() == null && !time.now().isBefore(T0.plusSeconds(14))) {
                    finishedAt.set(time.now());
                    mock.dokai().finish(created.id(), "verified");
                }
            }).build());
        } catch (RuntimeException e) {
            throw new AssertionError("the session was verified at " + finishedAt.get() + ", before its expiry "
                    + created.expiresAt().orElseThrow() + " (Dokai now says "
                    + mock.dokai().session(created.id()).orElseThrow().status() + "), but the wait ended with: " + e, e);
        }

        assertThat(finishedAt.get()).isBefore(created.expiresAt().orElseThrow());
        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
    }
}
