package dev.verifykit.poll.internal;

import dev.verifykit.testing.Interleaved;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session's guardrails hold "however many threads share a client": Lincheck runs two readers of
 * one session's {@link RequestGate} (over its {@link LocalReadState}) and explores their
 * interleavings, a stepped clock moved by their waits and their requests' trips. In every one, at
 * most one request is in flight, each is admitted at least the minimum interval after the previous
 * one arrived, and no more than the cap are admitted.
 *
 * <p>Not a linearizability check against the gate itself: a gate answers "behind a request in
 * flight" to one asking while another asks its state, which no one-at-a-time order gives (as
 * {@link RequestGate.Wait} says); the invariants are the promise.
 */
class RequestGateLincheckTest {
    private static final long MIN_INTERVAL = Duration.ofSeconds(2).toNanos();
    private static final int CAP = 2;
    /** A request's trip: from its admission to its answer's head. */
    private static final long TRIP = Duration.ofSeconds(1).toNanos();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the checker's work, not a wait: slower on a loaded machine, not a hang
    void oneReadInFlightAtATimeTheIntervalBetweenArrivalsAndTheCapHoldAcrossThreads() {
        Lincheck.runConcurrentTest(600, () -> {
            RequestGate gate = new RequestGate(new LocalReadState(Duration.ofNanos(MIN_INTERVAL), CAP, Duration.ofMinutes(10)));
            AtomicLong clock = new AtomicLong();
            Service service = new Service();
            Interleaved.runAll(() -> read(gate, clock, service, "reader-0"), () -> read(gate, clock, service, "reader-1"));
            service.check();
        });
    }

    /** A reader asking up to three times, waiting (on the stepped clock) as told. */
    private static void read(RequestGate gate, AtomicLong clock, Service service, Object asker) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = clock.get();
            RequestGate.Admission admission = gate.tryAcquire(now, Long.MAX_VALUE, asker);
            if (admission instanceof RequestGate.Admitted admitted) {
                service.admitted(now);
                long answered = clock.addAndGet(TRIP);
                service.arrived(answered);
                admitted.permit().arrived(answered);
            } else if (admission instanceof RequestGate.Wait wait) {
                clock.addAndGet(wait.nanos());
            } else {
                return;
            }
        }
    }

    /**
     * What the service would count: requests in flight, the latest arrival, admissions. Notes
     * violations rather than throwing on a reader's thread; {@link #check} throws them.
     */
    private static final class Service {
        private final Interleaved.Violations violations = new Interleaved.Violations();
        private int inFlight;
        private int admitted;
        private long lastArrival = Long.MIN_VALUE;

        synchronized void admitted(long now) {
            admitted++;
            if (++inFlight > 1) {
                violations.add("a request admitted at " + now + " with another in flight");
            }
            if (lastArrival != Long.MIN_VALUE && now - lastArrival < MIN_INTERVAL) {
                violations.add("a request admitted at " + now + ", less than the interval after an arrival at " + lastArrival);
            }
            if (admitted > CAP) {
                violations.add("request " + admitted + " admitted past the cap of " + CAP);
            }
        }

        synchronized void arrived(long at) {
            inFlight--;
            lastArrival = Math.max(lastArrival, at);
        }

        void check() {
            violations.throwIfAny();
        }
    }
}
