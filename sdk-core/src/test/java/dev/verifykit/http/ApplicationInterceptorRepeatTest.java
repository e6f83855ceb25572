package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application's own {@link OkHttpClient} given to a client ({@code HttpSettings.okHttpClient}) keeps its
 * interceptors; its Javadoc promises that even so "each attempt is one request on the wire, and only the
 * RetryPolicy sends one again". A common application interceptor retries a call whose connection failed: it
 * calls {@code chain.proceed} a second time, and the SDK wrote the request again.
 */
class ApplicationInterceptorRepeatTest {
    /** The application's own retry of a failed connection. */
    private static final Interceptor RETRY_ONCE = chain -> {
        try {
            return chain.proceed(chain.request());
        } catch (IOException connectionFailed) {
            return chain.proceed(chain.request());
        }
    };

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closed(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    /**
     * The read written again right after the first had reached Dock (the mock's clock stands still here,
     * so the two are as close as they were): a second read of the session within Dock's 2 s, refused 429,
     * and one more of its poll cap the client never counted.
     */
    @Test
    void aCallersInterceptorRepeatingAReadNeverSendsItTwiceToDock() {
        MockServer mock = closed(MockServer.start(MockSettings.builder()
                .clock(MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"))).build()));
        DockClient dock = closed(DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .okHttpClient(new OkHttpClient.Builder().addInterceptor(RETRY_ONCE).build()).build());
        String id = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()).id();
        mock.faults().add("GET", "/dock/v2/sessions/" + id, MockFault.resetBeforeResponse(true), 1);

        catchThrowable(() -> dock.sessions().retrieve(id, RequestOptions.builder().maxRetries(0).build()));

        List<MockJournalEntry> reads = mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + id));
        assertThat(reads).as("reads of the session at Dock, for one attempt of one retrieve")
                .extracting(MockJournalEntry::status).doesNotContain(429).hasSize(1);
    }

    /**
     * {@code auth.completeVerification} is a write the client never sends again (it may have arrived): a
     * completion the server made and whose answer was lost was sent a second time, the code, used by then,
     * was refused, and the game was told its player's completion failed.
     */
    @Test
    void aCallersInterceptorRepeatingACompletionNeverSendsItTwice() {
        MockServer mock = closed(MockServer.start(MockSettings.builder().build()));
        RobloxVerificationClient rpc = closed(RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).build());
        RobloxGameServerClient game = closed(RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl())
                .okHttpClient(new OkHttpClient.Builder().addInterceptor(RETRY_ONCE).build())
                .verificationSecret(mock.settings().roblox().verificationSecret()).build());
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", "/roblox/auth.completeVerification", MockFault.resetBeforeResponse(true), 1);

        catchThrowable(() -> game.completeVerification(start.code(), "156319135"));

        List<MockJournalEntry> completions = mock.journal().find(MockJournalQuery.all().method("POST")
                .path("/roblox/auth.completeVerification"));
        assertThat(completions).as("completions at the server, for one call (a write never sent again)")
                .extracting(MockJournalEntry::status).hasSize(1);
    }
}
