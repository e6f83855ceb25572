package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Options a call refuses are refused at the call, before a read is counted or paced: extra headers
 * replacing the API key were refused only as the request was built, after the read had passed its
 * gate (a poll of the cap spent, nothing sent) and, for an asynchronous wait, in its future.
 */
class OptionsRefusedAtTheCallTest {
    private static final RequestOptions REPLACES_KEY = RequestOptions.builder()
            .header("Authorization", "Bearer someone_elses_key").build();

    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        if (dock != null) {
            dock.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private DockSession started(int pollCap) {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1)).freePollCap(pollCap).build()).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1))
                        .freePollCap(pollCap).build())
                .build();
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
    }

    @Test
    void aReadRefusedForItsOptionsCostsNoPollOfTheCap() {
        DockSession session = started(2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> dock.sessions().retrieve(session.id(), REPLACES_KEY))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(mock.journal().entries()).hasSize(1); // the create only: nothing was read

        assertThat(dock.sessions().retrieve(session.id()).id()).isEqualTo(session.id());
    }

    /** A wait names which of its two options arguments is missing: both were "options". */
    @Test
    void aWaitNamesWhichOfItsOptionsIsMissing() {
        DockSession session = started(60);

        assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(), WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> dock.sessions().awaitCompletionAsync(session.id(), WaitOptions.defaults(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
        assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(), null, RequestOptions.none()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("options"));
        assertThat(mock.journal().entries()).hasSize(1); // the create only: nothing was read
    }

    @Test
    void anAsyncWaitRefusesOptionsThatReplaceTheCredentialsAtTheCall() {
        DockSession session = started(60);

        CompletableFuture<DockSession>[] future = new CompletableFuture[1];
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> future[0] = dock.sessions()
                .awaitCompletionAsync(session.id(), WaitOptions.defaults(), REPLACES_KEY));
        String later = null;
        if (future[0] != null) {
            Throwable failed = org.assertj.core.api.Assertions.catchThrowable(() -> future[0].get(30, java.util.concurrent.TimeUnit.SECONDS));
            later = failed == null ? "completed" : String.valueOf(failed.getCause());
        }
        assertThat(thrown).as("thrown at the call; instead the future ended with " + later
                + " after " + mock.journal().entries().size() + " request(s) in the journal")
                .isInstanceOf(ValidationException.class);
    }

    /**
     * A create refused for its options is refused before its listeners hear of a call, as a read is:
     * it was told as a call begun and ended (counted and traced as a failed call of the service).
     */
    @Test
    void aCallRefusedForItsOptionsIsNotToldToTheListeners() {
        mock = MockServer.start();
        List<String> told = new CopyOnWriteArrayList<>();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).listener(new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart start) {
                told.add("start " + start.operation());
            }
        }).build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
        told.clear();

        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_2")
                .build(), REPLACES_KEY)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id(), REPLACES_KEY)).isInstanceOf(ValidationException.class);

        assertThat(told).isEmpty();
        assertThat(mock.journal().entries()).hasSize(1);
    }
}
