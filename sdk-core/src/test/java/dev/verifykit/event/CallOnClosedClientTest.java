package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.mock.MockServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A call on a closed client is refused before anything is sent ("any later call fails with a
 * ClientClosedException without sending anything"; "a wait on a closed client never starts (nor is
 * announced)"), and before its listeners hear of it, naming what was called. Before the fix, a create
 * (and every call through the transport's {@code send}) was refused so, but a read ({@code retrieve},
 * and RPC {@code checkVerification}, Dokai {@code retrieve}: every call through
 * {@code HttpAttempt.once}) was announced first and then told ended as a failed call: VerifyKitTracing
 * made an ERROR span and VerifyKitMetrics timed a
 * {@code verifykit.calls{outcome=failure,error=ClientClosedException}} for every read after close, none
 * for a create; and its message, like a wait's, named no operation ("dock: a call was called on a
 * closed client"), where a create's said "dock: POST /v2/sessions was called on a closed client".
 */
class CallOnClosedClientTest {
    @Test
    void aReadOnAClosedClientIsRefusedAsACreateIsUntoldAndNamingWhatWasCalled() {
        List<String> told = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                told.add("callStart " + call.operation());
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                told.add("callEnd " + call.operation());
            }
        };
        Throwable create;
        Throwable read;
        Throwable wait;
        try (MockServer mock = MockServer.start()) {
            DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).listener(listener).build();
            dock.close();
            create = catchThrowable(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build()));
            read = catchThrowable(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));
            wait = catchThrowable(() -> dock.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1"));
        }
        assertThat(create).isInstanceOf(ClientClosedException.class)
                .hasMessage("dock: POST /v2/sessions was called on a closed client; nothing was sent");
        assertThat(read).isInstanceOf(ClientClosedException.class);
        assertThat(told).as("calls told on a closed client").isEmpty();
        assertThat(read).hasMessage("dock: GET /v2/sessions/{id} was called on a closed client; nothing was sent");
        assertThat(wait).isInstanceOf(ClientClosedException.class)
                .hasMessage("dock: dock.awaitCompletion was called on a closed client; nothing was sent");
    }
}
