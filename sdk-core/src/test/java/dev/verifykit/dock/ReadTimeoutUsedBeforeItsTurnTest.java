package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.TransportException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A single read (Dock's {@code retrieve}, Dokai's {@code retrieve}, the RPC's
 * {@code checkVerification}) whose turn came at once, but whose timeout was used up before it could
 * be sent (a listener told of the call's start, a guardrail store answering at the deadline), fails
 * as README's "A timeout is a deadline" says, as a create does in the same case: a
 * {@link TransportException} "timed out: its timeout passed before it was sent; nothing was sent".
 * It was a {@code WaitTimeoutException} saying its timeout "passes before the next request is
 * allowed (in 0 ms)", a turn that was never waited for. Virtual time: the listener and the store
 * take their 2 s of a 1-s timeout by advancing it, so nothing races the clock.
 */
class ReadTimeoutUsedBeforeItsTurnTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final RequestOptions ONE_SECOND = RequestOptions.builder().timeout(Duration.ofSeconds(1)).build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);

    /** A listener that takes 2 s (of {@link #time}) to hear of each call's start. */
    private VerifyKitListener slowToHearOfStarts() {
        return new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                time.advance(Duration.ofSeconds(2));
            }
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dock   | dock: GET /v2/sessions/{id}",
        "dokai  | dokai: GET /v1/verify/session/{id}",
        "roblox | roblox: auth.checkVerification"})
    void aReadWhoseTimeoutAListenerTookFailsAsNotSentInTime(String service, String named) {
        String url = server.url("/" + service).toString();
        Runnable read = switch (service) {
            case "dock" -> () -> {
                try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(url).scheduler(time)
                        .listener(slowToHearOfStarts()).build()) {
                    dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", ONE_SECOND);
                }
            };
            case "dokai" -> () -> {
                try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e").baseUrl(url).scheduler(time)
                        .listener(slowToHearOfStarts()).build()) {
                    dokai.verifySessions().retrieve("ver_abc123", ONE_SECOND);
                }
            };
            default -> () -> {
                try (RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(url).scheduler(time)
                        .listener(slowToHearOfStarts()).build()) {
                    rpc.checkVerification("3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f", ONE_SECOND);
                }
            };
        };

        assertThatThrownBy(read::run).isInstanceOf(TransportException.class)
                .hasMessage(named + " timed out: its timeout passed before it was sent; nothing was sent");
        assertThat(server.getRequestCount()).as("requests sent").isZero();
    }

    /** The same when the guardrail store takes the time: it lets the read start, at the read's deadline. */
    @Test
    void aDockReadWhoseTimeoutTheStoreTookFailsAsNotSentInTime() {
        server.enqueue(new MockResponse.Builder().code(500).build());
        List<String> told = new CopyOnWriteArrayList<>();
        GuardrailStore slow = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules, Duration timeLeft) {
                time.advance(timeLeft); // a store backed by a service answers by the time it was given, and no later
                told.add("startRead");
                return inner.startRead(account, sessionId, rules);
            }

            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                told.add("readArrived");
                inner.readArrived(account, sessionId, readId, ago);
            }
        };
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).guardrailStore(slow).build()) {
            assertThatThrownBy(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", ONE_SECOND))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("dock: GET /v2/sessions/{id} timed out: its timeout passed before it was sent; nothing was sent");
        }
        assertThat(server.getRequestCount()).as("requests sent").isZero();
        assertThat(told).as("the read the store let start is told ended").containsExactly("startRead", "readArrived");
    }
}
