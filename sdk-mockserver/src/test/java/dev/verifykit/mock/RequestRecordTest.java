package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class RequestRecordTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));

    /**
     * A verification code is a credential until it is used or expires (who has it can enter it in the game
     * and link their account): the journal, which is printed in failures and served over HTTP, keeps the
     * rest of the request without it, in the RPC, its batches and the control plane's completion alike.
     */
    @Test
    void theJournalKeepsNoVerificationCode() {
        try (MockServer server = MockServer.start()) {
            Rpc rpc = new Rpc(server);
            Http http = new Http(server);
            String code = (String) rpc.begun().get("code");
            String other = (String) rpc.begun().get("code");
            rpc.complete(code, "404404");
            rpc.batch("auth.completeVerification", "{\"0\":{ \"code\" : \"" + code + "\",\"robloxUserId\":\"7\"}}");
            http.send("POST", "/_mock/roblox/complete", null, "{\"code\":\"" + other + "\",\"robloxUserId\":\"8\"}");

            List<MockJournalEntry> entries = server.journal().find(MockJournalQuery.all().method("POST")
                    .path("/**/*omplete*"));
            assertThat(entries).extracting(MockJournalEntry::body).containsExactly(
                    "{\"code\":\"[redacted]\",\"robloxUserId\":\"404404\"}",
                    "{\"0\":{ \"code\" : \"[redacted]\",\"robloxUserId\":\"7\"}}",
                    "{\"code\":\"[redacted]\",\"robloxUserId\":\"8\"}");
            assertThat(server.journal().entries().toString()).doesNotContain(code).doesNotContain(other);
        }
    }

    /**
     * README, Request journal: {@code authorization}, {@code proxy-authorization}, {@code x-verification-secret}
     * and {@code cookie} are {@code [redacted]} ({@code Bearer [redacted]} for a bearer token), whatever the case
     * their names were sent in and every value of one sent twice: the journal is printed in test failures and
     * served over HTTP without auth.
     */
    @Test
    void theJournalKeepsNoCredentialHeader() {
        String secret = "cred-4f9a1c77e2";
        try (MockServer server = MockServer.start()) {
            Http http = new Http(server);
            Http.send(new Request.Builder().url(http.root() + "/dock/v2/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1")
                    .header("Proxy-Authorization", "Basic " + secret)
                    .addHeader("COOKIE", "session=" + secret).addHeader("Cookie", "other=" + secret)
                    .header("X-Verification-Secret", secret)
                    .header("Authorization", "bearer " + secret).build());

            MockJournalEntry entry = server.journal().entries().get(0);
            assertThat(entry.headers()).containsEntry("proxy-authorization", List.of("[redacted]"))
                    .containsEntry("cookie", List.of("[redacted]", "[redacted]"))
                    .containsEntry("x-verification-secret", List.of("[redacted]"))
                    .containsEntry("authorization", List.of("Bearer [redacted]"));
            assertThat(server.journal().entries().toString()).doesNotContain(secret);
            assertThat(http.get(null, "/_mock/journal").body()).contains("proxy-authorization").doesNotContain(secret);
        }
    }

    @Test
    void aVerificationCodeCutByTheBodyLimitIsRedactedToo() {
        try (MockServer server = MockServer.start(MockSettings.builder().journalBodyLimit(12).build())) {
            new Rpc(server).complete("12345678", "1");

            assertThat(server.journal().entries().get(0).body()).isEqualTo("{\"code\":\"[redacted]");
        }
    }

    @Test
    void everyAnsweredRequestIsRecordedWithClockAndNanoTime() {
        try (MockServer server = MockServer.start(MockSettings.builder().clock(clock).build())) {
            Http http = new Http(server);
            long before = System.nanoTime();
            String id = (String) http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"r\"}", "idem-1")
                    .data().get("id");
            clock.advance(Duration.ofSeconds(3));
            http.read(Http.FREE, id, "wait=0");
            http.get(null, "/nowhere?x=1");

            List<MockJournalEntry> requests = server.journal().entries();

            assertThat(requests).hasSize(3);
            assertThat(requests.get(0)).extracting(MockJournalEntry::sequence, MockJournalEntry::receivedAt,
                            MockJournalEntry::service, MockJournalEntry::method, MockJournalEntry::path,
                            MockJournalEntry::query, MockJournalEntry::idempotencyKey, MockJournalEntry::status)
                    .containsExactly(1L, Instant.parse("2026-05-07T00:00:00Z"), "dock", "POST", "/dock/v2/sessions", null,
                            "idem-1", 200);
            assertThat(requests.get(0).body()).isEqualTo("{\"pid\":\"PID-FREE0001\",\"clientId\":\"r\"}");
            assertThat(requests.get(0).header("authorization")).isEqualTo("Bearer [redacted]");
            assertThat(requests.get(0).faulted()).isFalse();
            assertThat(requests.get(1)).extracting(MockJournalEntry::receivedAt, MockJournalEntry::method,
                            MockJournalEntry::path, MockJournalEntry::query, MockJournalEntry::idempotencyKey,
                            MockJournalEntry::status)
                    .containsExactly(Instant.parse("2026-05-07T00:00:03Z"), "GET", "/dock/v2/sessions/" + id, "wait=0",
                            null, 200);
            assertThat(requests.get(2).status()).isEqualTo(404);
            assertThat(requests.get(2).service()).isEqualTo("none");
            assertThat(requests.get(2).query()).isEqualTo("x=1");
            assertThat(requests.get(0).receivedNanos()).isGreaterThanOrEqualTo(before)
                    .isLessThanOrEqualTo(requests.get(1).receivedNanos());
            assertThatThrownBy(() -> requests.add(requests.get(0))).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    /**
     * A request received before a reset (or a clear) and answered after it, such as a long-poll a
     * previous test left held, belongs to what was forgotten: it must not show in the next test's journal.
     */
    @Test
    void aRequestReceivedBeforeAResetOrClearIsNotRecordedAfterIt() throws Exception {
        try (MockServer server = MockServer.start()) {
            Http http = new Http(server);
            for (Runnable forget : List.<Runnable>of(server::reset, () -> server.journal().clear())) {
                String id = http.newSession("held");
                CompletableFuture<Integer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=25").status());
                HeldPolls.await(server, held);

                forget.run();
                server.dock().session(id).ifPresent(s -> server.dock().complete(id)); // ends the hold after a clear
                held.get(1, TimeUnit.MINUTES);

                assertThat(server.journal().entries()).isEmpty();
                server.reset();
            }
        }
    }

    /**
     * The long-poll's wait is an hour and the client's timeouts are 40 s: only close() can end it within
     * the bound below, which is a guard against a hang, not the thing measured. The close comes once the
     * mock counts the poll as held, however long the request took to arrive.
     */
    @Test
    void closingTheServerAnswersHeldLongPollsPromptly() throws Exception {
        MockServer server = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().maxWait(Duration.ofHours(1)).build()).build());
        Http http = new Http(server);
        String id = http.newSession("held");
        CompletableFuture<Object> held = Background.supply(() -> {
            try {
                Answer answer = http.read(Http.FREE, id, "wait=3600");
                return answer.status();
            } catch (RuntimeException e) {
                return e;
            }
        });
        HeldPolls.await(server, held);
        assertThat(server.dock().heldLongPolls()).as("the long-poll is held").isEqualTo(1);

        server.close();

        assertThat(held.get(30, TimeUnit.SECONDS)).as("answered, or its connection closed, by close()").isNotNull();
    }
}
