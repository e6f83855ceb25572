package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.mock.MockServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;

/**
 * Every attempt told started ({@code onAttemptStart}: "attempt n of a call is being sent") is told
 * ended ({@code onAttempt}: "one attempt of a call ended: answered (any status) or failed without an
 * answer"), also when it fails with an unchecked exception instead of an {@code IOException} (an
 * interceptor of the application's {@code OkHttpClient}, which the client derives from, throwing).
 * Before the fix, the transport rethrew it past the attempt's end (a blocking call) or ended the call
 * with it at once (an asynchronous one): the call was told ended (a failure wrapping it) with its
 * attempt still open, a debug log lacked the attempt's line, and a listener keeping per-attempt state
 * (the starter's shutdown tells "on the wire" from "asleep" by these two events) was left with an
 * attempt that never ended.
 */
class AttemptEndOnUnexpectedFailureTest {
    private final List<String> told = new CopyOnWriteArrayList<>();

    /** Notes the events of the calls of {@code method}. */
    private VerifyKitListener listener(String method) {
        return new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().startsWith(method + " ")) {
                    told.add("attemptStart " + attempt);
                }
            }

            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                if (call.operation().startsWith(method + " ")) {
                    told.add("attempt " + attempt.number() + " " + attempt.failure().orElse("answered"));
                }
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                if (call.operation().startsWith(method + " ")) {
                    told.add("callEnd " + (end.succeeded() ? "succeeded" : "failed"));
                }
            }
        };
    }

    @Test
    void aBlockingAttemptFailingWithAnUncheckedExceptionIsToldEnded() {
        okhttp3.OkHttpClient failing = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            throw new IllegalStateException("the application's interceptor failed");
        }).build();
        Throwable thrown;
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .okHttpClient(failing).listener(listener("POST")).build()) {
            thrown = catchThrowable(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build()));
        }
        assertThat(thrown).isInstanceOf(VerifyKitException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(told).as("events of a create whose only attempt failed unexpectedly")
                .containsExactly("attemptStart 1", "attempt 1 VerifyKitException", "callEnd failed");
    }

    /**
     * An asynchronous wait's read whose answer cannot be read for an unchecked exception (an interceptor
     * of the application's answering with a body that fails as it is read).
     */
    @Test
    void anAsynchronousAttemptFailingWithAnUncheckedExceptionIsToldEnded() throws Exception {
        okhttp3.OkHttpClient failingReads = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            if (!chain.request().method().equals("GET")) {
                return chain.proceed(chain.request());
            }
            // answered here, at once: the mock never holds the read
            return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                    .body(new ResponseBody() {
                        @Override
                        public MediaType contentType() {
                            return null;
                        }

                        @Override
                        public long contentLength() {
                            return -1;
                        }

                        @Override
                        public BufferedSource source() {
                            throw new IllegalStateException("the application's interceptor failed");
                        }
                    }).build();
        }).build();
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .okHttpClient(failingReads).listener(listener("GET")).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(VerifyKitException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
        assertThat(told).as("events of a wait's read whose only attempt failed unexpectedly")
                .containsExactly("attemptStart 1", "attempt 1 VerifyKitException", "callEnd failed");
    }
}
