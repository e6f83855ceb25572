package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.MockServer;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listener told of a create's wait for a token ({@code onCreateBucketWait}) takes part of the
 * call's time (README "A timeout is a deadline": the listeners' time counts). The client sleeps only
 * what is left of the wait after it (it slept the whole wait again, past the timeout), and fails at
 * once, nothing sent, when the listener took the deadline itself. And an attempt that waits again is
 * told again.
 */
class CreateBucketWaitListenerTest {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        dock.close();
        mock.close();
    }

    private DockClient client(Duration tokenWait, Duration listenerTakes) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(time)
                .guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofSeconds(8)).build())
                .createTokenWait(tokenWait)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        try {
                            time.sleep(listenerTakes);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build();
    }

    @Test
    void aCreateWhoseListenerTookPartOfItsTimeoutIsSentWhenItsTokenComes() {
        mock = MockServer.start();
        dock = client(Duration.ofMinutes(1), Duration.ofSeconds(5));
        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
        long start = time.nanoTime();
        Object outcome = secondCreate(RequestOptions.builder().timeout(Duration.ofSeconds(10)).build());
        // the token is due 8 s after the call began, within its 10-s timeout, the listener's 5 s included
        assertThat(outcome).as("the create").isInstanceOf(DockSession.class);
        assertThat(Duration.ofNanos(time.nanoTime() - start)).as("when it was sent").isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void aListenerTakingPastTheCallsTimeoutFailsTheCreateAsTooLateForAToken() {
        mock = MockServer.start();
        dock = client(Duration.ofMinutes(1), Duration.ofSeconds(12));
        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
        Object outcome = secondCreate(RequestOptions.builder().timeout(Duration.ofSeconds(10)).build());
        assertThat(outcome).as("the outcome of a create whose listener took its 10-s timeout").isInstanceOf(RateLimitException.class);
        assertThat(mock.journal().entries()).as("requests sent").hasSize(1);
    }

    @Test
    void aListenerTakingPastCreateTokenWaitFailsTheCreateNothingSent() {
        mock = MockServer.start();
        dock = client(Duration.ofSeconds(10), Duration.ofSeconds(12));
        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
        long start = time.nanoTime();
        Object outcome = secondCreate(RequestOptions.none());
        assertThat(outcome).as("a create whose wait for a token took %s, past its createTokenWait of 10 s",
                Duration.ofNanos(time.nanoTime() - start)).isInstanceOf(RateLimitException.class);
        assertThat(mock.journal().entries()).as("requests sent").hasSize(1);
    }

    /** A create after the first, with {@code options}: the session made, or what it threw. */
    private Object secondCreate(RequestOptions options) {
        try {
            return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_2").build(), options);
        } catch (VerifyKitException e) {
            return e;
        }
    }

    /**
     * {@code onCreateBucketWait} / {@code BucketWait}: an attempt whose token did not come when the store
     * said (another client sharing the store took it) waits again, and is told again, with the attempt's
     * number and that further wait; the attempt is sent once, after the last.
     */
    @Test
    void anAttemptWhoseTokenWasTakenWhileItWaitedIsToldOnceForEachWait() {
        mock = MockServer.start();
        List<BucketWait> told = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        List<Duration> answers = List.of(Duration.ofSeconds(3), Duration.ofSeconds(2));
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public Duration startCreate(String account, String createId, CreateRules rules) {
                int n = asked.getAndIncrement();
                return n < answers.size() ? answers.get(n) : super.startCreate(account, createId, rules);
            }
        };
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(time)
                .guardrailStore(store).listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        told.add(wait);
                    }
                }).build();

        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());

        assertThat(told).extracting(BucketWait::attempt).containsExactly(1, 1);
        assertThat(told).extracting(BucketWait::delay).containsExactlyElementsOf(answers);
        assertThat(mock.journal().entries()).as("requests sent").hasSize(1);
    }
}
