package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.mock.MockServer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} in a blocking call on the caller's own thread is rethrown as it is (the
 * transport's rule, {@code HttpTransport.send}: "an Error is rethrown by the caller as it is", which a
 * blocking create keeps): an {@code OutOfMemoryError} or {@code StackOverflowError} is not a failure
 * of the service that a {@code catch (VerifyKitException)} should swallow and retry. A blocking
 * {@code retrieve} goes through {@code Poller.once}, whose {@code fire} catches every throwable of the
 * attempt and wraps it ("dock: a request of the wait failed unexpectedly with ...").
 */
class ErrorOfABlockingReadIsRethrownTest {

    @Test
    void aBlockingRetrieveRethrowsAnErrorAsItIs() {
        AtomicBoolean failReads = new AtomicBoolean();
        okhttp3.OkHttpClient application = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            if (failReads.get() && chain.request().method().equals("GET")) {
                throw new StackOverflowError("the application's interceptor recursed");
            }
            return chain.proceed(chain.request());
        }).build();
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .okHttpClient(application).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            failReads.set(true);
            Throwable thrown = catchThrowable(() -> dock.sessions().retrieve(session.id()));
            assertThat(thrown).as("what a blocking retrieve throws for an Error").isInstanceOf(StackOverflowError.class);
        }
    }
}
