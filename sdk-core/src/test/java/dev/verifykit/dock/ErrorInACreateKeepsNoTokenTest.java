package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.mock.MockServer;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A create whose attempt fails with an {@link Error} (an interceptor of the application's
 * {@code OkHttpClient} meeting a class missing after a bad deploy, a {@code StackOverflowError}, an
 * {@code OutOfMemoryError} while the answer is read) must tell the guardrail store that its create
 * ended, as the same attempt failing with an unchecked exception does ({@code createRaw}'s
 * {@code catch (RuntimeException)} ends the tokens). Otherwise the token stays "in flight" in the
 * store until its lease ends (the call's timeout or a long-poll plus a minute), and every later create
 * of the client (and of every instance sharing the store) waits for it: here createTokenWait (10 s)
 * passes long before, and the next create is refused with nothing sent.
 */
class ErrorInACreateKeepsNoTokenTest {
    private static final String PID = "PID-FREE0001";

    @Test
    void aCreateFailingWithAnErrorEndsItsTokenInTheStore() {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> ends = new CopyOnWriteArrayList<>();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public void createArrived(String account, String createId, CreateRules rules) {
                ends.add("arrived");
                super.createArrived(account, createId, rules);
            }

            @Override
            public void createUncounted(String account, String createId, CreateRules rules) {
                ends.add("uncounted");
                super.createUncounted(account, createId, rules);
            }
        };
        AtomicBoolean failNext = new AtomicBoolean(true);
        okhttp3.OkHttpClient application = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            if (failNext.getAndSet(false)) {
                throw new NoClassDefFoundError("io/example/tracing/Span"); // an optional dependency missing
            }
            return chain.proceed(chain.request());
        }).build();
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .okHttpClient(application).scheduler(time).guardrailStore(store)
                        .guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofSeconds(1)).build())
                        .createTokenWait(Duration.ofSeconds(10)).build()) {
            Throwable first = catchThrowable(() -> dock.sessions().create(CreateSessionParams.builder().pid(PID)
                    .clientId("user_1").build()));
            assertThat(first).as("the Error itself").isInstanceOf(NoClassDefFoundError.class);
            List<String> endsOfTheFirst = List.copyOf(ends);

            // the next create needs at most a refill (1 s) of the bucket, well within createTokenWait
            Throwable second = catchThrowable(() -> dock.sessions().create(CreateSessionParams.builder().pid(PID)
                    .clientId("user_2").build()));
            assertThat(second).as("the next create after the Error").isNull();
            assertThat(endsOfTheFirst).as("the store told the first create ended (its token taken now, or freed)").hasSize(1);
            assertThat(mock.journal().entries()).as("what reached Dock").isNotEmpty();
        }
    }
}
