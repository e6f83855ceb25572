package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review of c7d00fe: {@code ClientLifecycle.admitting()} adds the thread to the sections, but
 * nothing orders that against {@code close()}'s look at the sections ({@code admitting.isEmpty()}).
 * A create whose thread passed every closed check before the close, and begins its section after
 * the close looked, asks the store after {@code close()} returned, then tells it back after too: the
 * store the application closed right after the client refuses that report (the token held for its
 * lease). The section's begin must see the close's flag (add, then check {@code closed}, as
 * {@code ClientLifecycle.register} does) and the create end as closed without asking the store.
 *
 * <p>No timing: the create's thread is held (by the client's scheduler) inside {@code startCreate},
 * before its section, until {@code close()} has returned.
 */
class AdmissionBegunAsTheClientClosesTest {
    private static final long PATIENCE_SECONDS = 30;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<String> storeCalls = new CopyOnWriteArrayList<>();
    private volatile boolean closeReturned;
    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    /** The system clock, holding the create's thread once as it reads the time in startCreate. */
    private static final class HoldingScheduler implements Scheduler {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed = true;

        @Override
        public Instant now() {
            return Scheduler.system().now();
        }

        @Override
        public long nanoTime() {
            if (armed && Arrays.stream(Thread.currentThread().getStackTrace()).anyMatch(frame ->
                    frame.getMethodName().equals("startCreate") && frame.getClassName().endsWith("DefaultDockClient"))) {
                armed = false;
                held.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return Scheduler.system().nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Scheduler.system().sleep(duration);
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return Scheduler.system().schedule(delay, task);
        }
    }

    @Test
    void aCreateWhoseSectionBeginsAfterCloseLookedDoesNotAskTheStoreAfterCloseReturned() throws Exception {
        HoldingScheduler time = new HoldingScheduler();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(Scheduler.system())) {
            @Override
            public Duration startCreate(String account, String createId, CreateRules rules) {
                storeCalls.add("startCreate" + (closeReturned ? " after close returned" : ""));
                return super.startCreate(account, createId, rules);
            }

            @Override
            public void createArrived(String account, String createId, CreateRules rules) {
                storeCalls.add("createArrived" + (closeReturned ? " after close returned" : ""));
                super.createArrived(account, createId, rules);
            }

            @Override
            public void createUncounted(String account, String createId, CreateRules rules) {
                storeCalls.add("createUncounted" + (closeReturned ? " after close returned" : ""));
                super.createUncounted(account, createId, rules);
            }
        };
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).scheduler(time).guardrailStore(store).build();
        CompletableFuture<Throwable> create = Background.supply(() -> {
            try {
                dock.sessions().create(RetryAfterObeyedTest.PARAMS);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(time.held.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the create reached startCreate").isTrue();

        dock.close();
        closeReturned = true; // the application closes its store right after the client
        time.release.countDown();

        assertThat(create.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the create failed").isNotNull();
        assertThat(server.getRequestCount()).as("nothing sent").isZero();
        assertThat(storeCalls).as("what the store was asked or told").noneMatch(call -> call.endsWith("after close returned"));
    }
}
