package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Dock client keeps its guardrails in its {@link GuardrailStore}: every create and read asks it
 * first, under a hash of the API key; clients sharing one store share one bucket and one session's
 * spacing; and when the store fails, nothing is sent.
 */
class GuardrailStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String KEY = "dock_test_free";
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String PENDING = "{\"status\":200,\"data\":{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\","
            + "\"clientId\":\"user_123\",\"status\":\"pending\",\"expiresAt\":\"2026-05-07T00:05:00.000Z\","
            + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + ID + "\",\"reusedExisting\":false},"
            + "\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
    private static final CreateSessionParams PARAMS = CreateSessionParams.builder().pid("PID-ABC12345")
            .clientId("user_123").build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<DockClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(DockClient::close);
    }

    private DockClient client(GuardrailStore store, DockGuardrails guardrails) {
        DockClient client = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(guardrails).guardrailStore(store).build();
        clients.add(client);
        return client;
    }

    private void answerPending(int times) {
        for (int i = 0; i < times; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(PENDING).build());
        }
    }

    @Test
    void everyCreateAndReadAsksTheStoreUnderAHashOfTheKey() throws Exception {
        Recording store = new Recording(GuardrailStore.inMemory(time));
        DockClient dock = client(store, DockGuardrails.defaults());
        answerPending(2);

        dock.sessions().create(PARAMS);
        dock.sessions().retrieve(ID);

        String account = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(KEY.getBytes(StandardCharsets.UTF_8)), 0, 16);
        assertThat(store.calls).containsExactly("start create " + account + " " + store.createId,
                "create arrived " + account + " " + store.createId, "start " + account + " " + ID,
                "arrived " + account + " " + ID + " 1");
        assertThat(store.createRules.burst()).isEqualTo(6);
        assertThat(store.createRules.refill()).isEqualTo(Duration.ofSeconds(10));
        assertThat(store.createRules.lease()).isEqualTo(store.rules.lease());
        assertThat(String.join(" ", store.calls)).doesNotContain(KEY);
        assertThat(store.rules.minInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.rules.cap()).as("the free plan's cap").isEqualTo(60);
        assertThat(store.rules.lease()).as("longer than a long-poll's hold and read timeout")
                .isGreaterThan(Duration.ofSeconds(25).plus(Duration.ofSeconds(30)));
        assertThat(store.rules.keep()).isEqualTo(Duration.ofMinutes(5).plusHours(1));
    }

    @Test
    void theStoreIsToldWhatIsLeftOfTheCallsTimeout() {
        Recording store = new Recording(GuardrailStore.inMemory(time));
        DockClient dock = client(store, DockGuardrails.defaults());
        answerPending(3);
        // the timeouts are also the attempts' limits in real time, which the answers (at once) must beat:
        // 20 s and 15 s, not 7 s and 5 s, so that a machine stalled for a few seconds does not cut them
        RequestOptions twentySeconds = RequestOptions.builder().timeout(Duration.ofSeconds(20)).build();

        dock.sessions().create(PARAMS, twentySeconds);
        time.advance(Duration.ofSeconds(3));
        dock.sessions().retrieve(ID, RequestOptions.builder().timeout(Duration.ofSeconds(15)).build());
        dock.sessions().create(PARAMS);

        assertThat(store.timesLeft).as("the create's start and end, the read's, then those of a create with no timeout")
                .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(15),
                        GuardrailStore.NO_DEADLINE, GuardrailStore.NO_DEADLINE);
    }

    @Test
    void aWaitsRequestIsGivenOnlyWhatTheStoreLeftOfItsTime() throws Exception {
        // a store that takes 1.5 s of a 2-s wait to admit its read: the long-poll may hold 0.5 s at most
        GuardrailStore slow = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules, Duration timeLeft) {
                time.advance(Duration.ofMillis(1500));
                return inner.startRead(account, sessionId, rules, timeLeft);
            }
        };
        // the hold is recorded as the read leaves the client: the 0.5 s left is also the read's limit in
        // real time, which a stalled machine could pass before writing it to the server
        List<String> holds = new CopyOnWriteArrayList<>();
        okhttp3.OkHttpClient recording = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            holds.add(String.valueOf(chain.request().url().queryParameter("wait")));
            return chain.proceed(chain.request());
        }).build();
        DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(DockGuardrails.defaults()).guardrailStore(slow).okHttpClient(recording).build();
        clients.add(dock);
        answerPending(1);

        try {
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(ID, WaitOptions.builder().timeout(Duration.ofSeconds(2)).build()))
                    .isInstanceOf(WaitTimeoutException.class);

            assertThat(holds).as("the long-poll's hold, in seconds").singleElement()
                    .satisfies(hold -> assertThat(hold.equals("null") ? 0 : Integer.parseInt(hold)).isZero());
        } finally {
            recording.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void twoClientsSharingAStoreKeepOneSessionsSpacing() {
        GuardrailStore shared = GuardrailStore.inMemory(time);
        DockClient first = client(shared, DockGuardrails.defaults());
        DockClient second = client(shared, DockGuardrails.defaults());
        answerPending(2);

        first.sessions().retrieve(ID);
        second.sessions().retrieve(ID);

        assertThat(time.sleeps()).as("the second client waited for the first client's read")
                .containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void clientsWithTheirOwnStoresDoNotSeeEachOther() {
        DockClient first = client(GuardrailStore.inMemory(time), DockGuardrails.defaults());
        DockClient second = client(GuardrailStore.inMemory(time), DockGuardrails.defaults());
        answerPending(2);

        first.sessions().retrieve(ID);
        second.sessions().retrieve(ID);

        assertThat(time.sleeps()).as("what a shared store prevents").isEmpty();
    }

    @Test
    void twoClientsSharingAStoreShareOneCreateBucket() {
        GuardrailStore shared = GuardrailStore.inMemory(time);
        DockGuardrails small = DockGuardrails.builder().createBurst(2).createRefill(Duration.ofSeconds(10)).build();
        DockClient first = client(shared, small);
        DockClient second = client(shared, small);
        answerPending(3);

        first.sessions().create(PARAMS);
        first.sessions().create(PARAMS);
        second.sessions().create(PARAMS);

        assertThat(time.sleeps()).as("the third create waited for a token").containsExactly(Duration.ofSeconds(10));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /**
     * Dock's 429 to one client holds back the creates of another sharing its in-memory store, whose
     * error says why. Before, the in-memory store kept no refusal: the second client sent its create
     * into the same refusal; and a store that kept one (Redis) had the second client say "the create
     * bucket ... is empty" while the bucket held tokens.
     */
    @Test
    void aRefusalOfDocksHoldsBackTheCreatesOfAnotherClientSharingTheStoreAndSaysSo() {
        GuardrailStore shared = GuardrailStore.inMemory(time);
        DockGuardrails small = DockGuardrails.builder().createBurst(2).createRefill(Duration.ofSeconds(10)).build();
        DockClient first = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(small).guardrailStore(shared).retryPolicy(RetryPolicy.none()).build();
        clients.add(first);
        DockClient second = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(small).guardrailStore(shared).createTokenWait(Duration.ofSeconds(1)).build();
        clients.add(second);
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "5").body(RetryAfterObeyedTest.REFUSED).build());

        assertThatThrownBy(() -> first.sessions().create(PARAMS)).isInstanceOf(RateLimitException.class);
        assertThatThrownBy(() -> second.sessions().create(PARAMS))
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining("Dock refused a create (429) and takes none for another 5000 ms"
                        + " (recorded in the guardrail store by a client sharing it)")
                .hasMessageNotContaining("is empty");
        assertThat(server.getRequestCount()).as("the second create was not sent").isEqualTo(1);
    }

    @Test
    void aStoreThatCannotBeReachedFailsCreatesAndSendsNothing() {
        DockClient dock = client(new Failing(), DockGuardrails.defaults());

        assertThatThrownBy(() -> dock.sessions().create(PARAMS))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the create was not sent")
                .hasMessageNotContaining("redis://secret")
                .hasRootCauseMessage("redis://secret@store: connection refused");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aReadRidesOutTheStoresFailuresWithinItsRetriesAndSendsNothing() {
        DockClient dock = client(new Failing(), DockGuardrails.defaults());

        assertThatThrownBy(() -> dock.sessions().retrieve(ID))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("a read of a session was not sent");
        assertThat(server.getRequestCount()).isZero();
        assertThat(time.sleeps()).as("two retries, backing off").hasSize(2);
    }

    @Test
    void aWaitKeepsTryingTheStoreUntilItsDeadline() {
        DockClient dock = client(new Failing(), DockGuardrails.defaults());

        assertThatThrownBy(() -> dock.sessions().awaitCompletion(ID, WaitOptions.builder()
                .timeout(Duration.ofSeconds(30)).maxConsecutiveFailures(1_000).build()))
                .isInstanceOf(WaitTimeoutException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aReadThatNeverEndsFreesTheSessionWhenItsLeaseRunsOut() {
        GuardrailStore store = GuardrailStore.inMemory(time);
        ReadRules rules = ReadRules.of(Duration.ofSeconds(2), 3, Duration.ofSeconds(90), Duration.ofHours(1));

        ReadStart crashed = store.startRead("acct", ID, rules);
        assertThat(crashed.kind()).isEqualTo(ReadStart.Kind.STARTED);
        assertThat(store.startRead("acct", ID, rules).kind()).as("in flight").isEqualTo(ReadStart.Kind.WAIT);
        time.advance(Duration.ofSeconds(90));
        assertThat(store.startRead("acct", ID, rules).kind()).as("counted as arrived at the lease's end")
                .isEqualTo(ReadStart.Kind.WAIT);
        time.advance(Duration.ofSeconds(2));
        ReadStart next = store.startRead("acct", ID, rules);
        assertThat(next.kind()).isEqualTo(ReadStart.Kind.STARTED);
        assertThat(next.used()).isEqualTo(2);

        store.readArrived("acct", ID, crashed.readId(), Duration.ZERO);
        assertThat(store.startRead("acct", ID, rules).kind()).as("a stale report ends nothing")
                .isEqualTo(ReadStart.Kind.WAIT);
        store.readArrived("acct", ID, next.readId(), Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(1));
        assertThat(store.startRead("acct", ID, rules).kind())
                .as("an arrival is never placed before its read started, however long ago it is said to be")
                .isEqualTo(ReadStart.Kind.WAIT);
        time.advance(Duration.ofSeconds(1));
        assertThat(store.startRead("acct", ID, rules).used()).isEqualTo(3);
        assertThat(store.startRead("acct", ID, rules).kind()).as("the cap of 3").isEqualTo(ReadStart.Kind.EXHAUSTED);
        assertThat(store.startRead("other", ID, rules).kind()).as("another account's session")
                .isEqualTo(ReadStart.Kind.STARTED);
    }

    /**
     * A store of yours asking for a wait longer than a {@code Duration}'s nanoseconds hold (about 292
     * years; a store keeping "never" as {@code Long.MAX_VALUE} seconds): taken as the longest wait,
     * so that a call fails as for any wait past its deadline (nothing sent); the client's arithmetic
     * threw {@code ArithmeticException} ("long overflow").
     */
    @Test
    void aStoreAskingForAnEndlessWaitFailsTheCallAsAWaitPastItsDeadline() {
        Duration never = Duration.ofSeconds(Long.MAX_VALUE);
        DockClient dock = client(new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public Duration startCreate(String account, String createId, CreateRules rules) {
                return never;
            }

            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                return ReadStart.waitFor(never);
            }
        }, DockGuardrails.defaults());

        assertThatThrownBy(() -> dock.sessions().create(PARAMS)).isInstanceOf(RateLimitException.class)
                .hasMessageContaining("nothing was sent");
        assertThatThrownBy(() -> dock.sessions().retrieve(ID, RequestOptions.builder().timeout(Duration.ofSeconds(10))
                .build())).isInstanceOf(WaitTimeoutException.class);
        assertThat(server.getRequestCount()).isZero();
        assertThat(GuardrailStore.CreateStart.waitFor(never).retryAfter()).isEqualTo(Duration.ofSeconds(999_999_999));
        assertThat(ReadStart.waitFor(never).retryAfter()).isEqualTo(Duration.ofSeconds(999_999_999));
    }

    @Test
    void theStoresValuesCheckWhatTheyAreGiven() {
        assertThatThrownBy(() -> ReadRules.of(Duration.ofSeconds(2), 0, Duration.ofSeconds(1), Duration.ofHours(1)))
                .hasMessageContaining("cap");
        assertThatThrownBy(() -> ReadRules.of(Duration.ofSeconds(2), 1, Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("lease");
        assertThatThrownBy(() -> ReadRules.of(Duration.ofSeconds(-2), 1, Duration.ofSeconds(1), Duration.ofHours(1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("minInterval").hasMessageContaining("zero or a positive duration");
        assertThatThrownBy(() -> ReadRules.of(Duration.ofSeconds(Long.MAX_VALUE), 1, Duration.ofSeconds(1),
                Duration.ofHours(1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("minInterval").hasMessageContaining("at most");
        assertThat(ReadRules.of(Duration.ZERO, 1, Duration.ofSeconds(1), Duration.ofHours(1)).minInterval()).isZero();
        assertThat(ReadStart.waitFor(Duration.ofSeconds(-1)).retryAfter()).isZero();
        assertThat(ReadStart.exhausted().readId()).isEmpty();
        assertThat(ReadStart.started("r1", 4).toString()).isEqualTo("ReadStart[STARTED r1, used 4]");
    }

    /** Records what the client asks, passing it on. */
    private static final class Recording extends ForwardingGuardrailStore {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Duration> timesLeft = new CopyOnWriteArrayList<>();
        volatile ReadRules rules;
        volatile CreateRules createRules;
        volatile String createId;

        Recording(GuardrailStore inner) {
            super(inner);
        }

        @Override
        public Duration startCreate(String account, String createId, CreateRules rules) {
            calls.add("start create " + account + " " + createId);
            this.createId = createId;
            this.createRules = rules;
            return super.startCreate(account, createId, rules);
        }

        @Override
        public void createArrived(String account, String createId, CreateRules rules) {
            calls.add("create arrived " + account + " " + createId);
            super.createArrived(account, createId, rules);
        }

        @Override
        public void createUncounted(String account, String createId, CreateRules rules) {
            calls.add("create uncounted " + account + " " + createId);
            super.createUncounted(account, createId, rules);
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules) {
            calls.add("start " + account + " " + sessionId);
            this.rules = rules;
            return super.startRead(account, sessionId, rules);
        }

        @Override
        public void readArrived(String account, String sessionId, String readId, Duration ago) {
            calls.add("arrived " + account + " " + sessionId + " " + readId);
            super.readArrived(account, sessionId, readId, ago);
        }

        @Override
        public Duration startCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
            timesLeft.add(timeLeft);
            return startCreate(account, createId, rules);
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules, Duration timeLeft) {
            timesLeft.add(timeLeft);
            return startRead(account, sessionId, rules);
        }

        @Override
        public void createArrived(String account, String createId, CreateRules rules, Duration timeLeft) {
            timesLeft.add(timeLeft);
            createArrived(account, createId, rules);
        }

        @Override
        public void createUncounted(String account, String createId, CreateRules rules, Duration timeLeft) {
            timesLeft.add(timeLeft);
            createUncounted(account, createId, rules);
        }

        @Override
        public void readArrived(String account, String sessionId, String readId, Duration ago, Duration timeLeft) {
            timesLeft.add(timeLeft);
            readArrived(account, sessionId, readId, ago);
        }
    }

    /** A store whose backing service is down; its error names a URL with a password, as drivers' errors do. */
    private static final class Failing implements GuardrailStore {
        private static RuntimeException down() {
            return new IllegalStateException("redis://secret@store: connection refused");
        }

        @Override
        public Duration startCreate(String account, String createId, CreateRules rules) {
            throw down();
        }

        @Override
        public void createArrived(String account, String createId, CreateRules rules) {
            throw down();
        }

        @Override
        public void createUncounted(String account, String createId, CreateRules rules) {
            throw down();
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules) {
            throw down();
        }

        @Override
        public void readArrived(String account, String sessionId, String readId, Duration ago) {
            throw down();
        }
    }
}
