package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ConflictException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Dock client end to end against the reference mock server, with the guardrails shrunk on
 * both sides so that the suite runs in seconds. Each test starts a mock configured for it.
 */
class DockFlowTest {
    private static final String FREE_KEY = "dock_test_free";
    private static final String FREE_PID = "PID-FREE0001";
    private static final String PREMIUM_PID = "PID-PREM0001";

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        background.shutdownNow();
        if (dock != null) {
            dock.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    /** Guardrails for both sides: the mock and the client keep the same values. */
    private record Shrunk(Duration lifetime, Duration minInterval, Duration maxWait, int burst, int pollCap) {
        static Shrunk fast() {
            return new Shrunk(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1), 6, 60);
        }

        Shrunk lifetime(Duration value) {
            return new Shrunk(value, minInterval, maxWait, burst, pollCap);
        }

        Shrunk minInterval(Duration value) {
            return new Shrunk(lifetime, value, maxWait, burst, pollCap);
        }

        Shrunk maxWait(Duration value) {
            return new Shrunk(lifetime, minInterval, value, burst, pollCap);
        }

        Shrunk burst(int value) {
            return new Shrunk(lifetime, minInterval, maxWait, value, pollCap);
        }

        Shrunk pollCap(int value) {
            return new Shrunk(lifetime, minInterval, maxWait, burst, value);
        }

        DockSettings.Builder mock() {
            return DockSettings.builder().sessionLifetime(lifetime).minPollInterval(minInterval).maxWait(maxWait)
                    .createBurst(burst).freePollCap(pollCap);
        }

        DockGuardrails.Builder client() {
            return DockGuardrails.builder().sessionLifetime(lifetime).minPollInterval(minInterval).maxWait(maxWait)
                    .createBurst(burst).freePollCap(pollCap);
        }
    }

    private DockClient start(Shrunk shrunk) {
        return start(shrunk.mock().build(), shrunk.client().build(), FREE_KEY);
    }

    private DockClient start(DockSettings mockSettings, DockGuardrails guardrails, String apiKey) {
        mock = MockServer.start(MockSettings.builder().dock(mockSettings).build());
        dock = DockClient.builder().apiKey(apiKey).baseUrl(mock.dockBaseUrl()).guardrails(guardrails)
                .createTokenWait(Duration.ZERO).build();
        return dock;
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid(FREE_PID).clientId(clientId).build();
    }

    private List<MockJournalEntry> reads(String sessionId) {
        return mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + sessionId));
    }

    @Test
    void createSendsAKeyAndReturnsAPendingSessionWithTheMocksVerifyUrl() {
        DockClient dock = start(Shrunk.fast());

        RawResponse<DockSession> created = dock.sessions().withRawResponse().create(CreateSessionParams.builder()
                .pid(FREE_PID).clientId("user_1").guildId("987654321098765432").build());
        DockSession session = created.value();

        assertThat(session.id()).matches("vsn_[0-9A-Za-z]{22}");
        assertThat(session.isPending()).isTrue();
        assertThat(session.clientId()).isEqualTo("user_1");
        assertThat(session.guildId()).contains("987654321098765432");
        assertThat(session.reusedExisting()).isFalse();
        assertThat(session.verifyUrl()).startsWith(mock.dockBaseUrl() + "/v2/verifications/discord?");
        assertThat(created.idempotencyKey()).isPresent();
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(created.rateLimit()).hasValueSatisfying(limit -> assertThat(limit.remainingDay()).isPresent());
        assertThat(mock.journal().entries()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.idempotencyKey()).isEqualTo(created.idempotencyKey().orElseThrow().value());
            assertThat(r.status()).isEqualTo(200);
        });
        assertThat(dock.lastRateLimit()).hasValueSatisfying(limit -> assertThat(limit.remainingDay()).isPresent());
    }

    @Test
    void aSecondCreateForTheSamePendingClientReusesTheSession() {
        DockClient dock = start(Shrunk.fast());

        DockSession first = dock.sessions().create(params("user_1"));
        DockSession again = dock.sessions().create(params("user_1"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.reusedExisting()).isTrue();
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    void aClientIdOf128CharactersOutsideTheBasicPlaneIsAcceptedAsTheServiceCountsThem() {
        DockClient dock = start(Shrunk.fast());
        String longest = "\uD83C\uDFAE".repeat(128); // 128 code points, 256 UTF-16 units

        DockSession session = dock.sessions().create(params(longest));

        assertThat(session.clientId()).isEqualTo(longest);
        assertThatThrownBy(() -> params(longest + "x"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
    }

    @Test
    void theSameKeyReplaysTheSameSessionAndTakesNoToken() {
        DockClient dock = start(Shrunk.fast().burst(2));
        RequestOptions keyed = RequestOptions.builder().idempotencyKey(IdempotencyKey.of("verify-user-1")).build();

        DockSession first = dock.sessions().create(params("user_1"), keyed);
        RawResponse<DockSession> replayed = dock.sessions().withRawResponse().create(params("user_1"), keyed);
        DockSession other = dock.sessions().create(params("user_2"));

        assertThat(replayed.value().id()).isEqualTo(first.id());
        assertThat(replayed.idempotencyKey()).contains(IdempotencyKey.of("verify-user-1"));
        assertThat(replayed.header("Idempotent-Replayed")).contains("true");
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(mock.dock().sessionCount()).isEqualTo(2);
        assertThat(mock.journal().entries()).extracting(MockJournalEntry::status).containsExactly(200, 200, 200);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        DockClient dock = start(Shrunk.fast());
        RequestOptions keyed = RequestOptions.builder().idempotencyKey(IdempotencyKey.of("verify-user-1")).build();
        dock.sessions().create(params("user_1"), keyed);

        assertThatThrownBy(() -> dock.sessions().create(params("user_2"), keyed))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).contains("CONFLICT");
                    assertThat(e.requestId()).isPresent();
                });
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
    }

    /** The buckets refill once an hour: a machine slow between the creates does not get a token back. */
    @Test
    void theClientSideBucketRefusesBeforeTheServerWould() {
        Shrunk shrunk = Shrunk.fast().burst(2);
        DockClient dock = start(shrunk.mock().createRefill(Duration.ofHours(1)).build(),
                shrunk.client().createRefill(Duration.ofHours(1)).build(), FREE_KEY);
        dock.sessions().create(params("user_1"));
        dock.sessions().create(params("user_2"));

        assertThatThrownBy(() -> dock.sessions().create(params("user_3")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.retryAfter()).isPresent());
        assertThat(mock.journal().entries()).hasSize(2);
    }

    @Test
    void theServersBucketRefusalIsARateLimitWithItsRetryAfter() {
        Shrunk shrunk = Shrunk.fast().burst(1);
        // refilled once an hour: a second create 10 s (a refill of the default) after the first is still refused
        mock = MockServer.start(MockSettings.builder().dock(shrunk.mock().createRefill(Duration.ofHours(1)).build()).build());
        dock = DockClient.builder().apiKey(FREE_KEY).baseUrl(mock.dockBaseUrl()).maxRetries(0)
                .guardrails(shrunk.client().createBurst(5).build()).build();
        dock.sessions().create(params("user_1"));

        assertThatThrownBy(() -> dock.sessions().create(params("user_2")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("RATE_LIMITED");
                    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
                    assertThat(e.requestId()).isPresent();
                });
    }

    @Test
    void invalidInputIsRefusedWithTheFieldNamedAndNothingSent() {
        DockClient dock = start(Shrunk.fast());

        assertThatThrownBy(() -> CreateSessionParams.builder().pid(" ").clientId("u").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("pid"));
        assertThatThrownBy(() -> CreateSessionParams.builder().pid(FREE_PID).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
        assertThatThrownBy(() -> CreateSessionParams.builder().pid(FREE_PID).clientId("u".repeat(129)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
        assertThatThrownBy(() -> CreateSessionParams.builder().pid(FREE_PID).clientId("u").guildId("12345").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("guildId"));
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_x", Duration.ofSeconds(26)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("wait"));
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_x", Duration.ofMillis(1500)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("wait"));
        assertThatThrownBy(() -> dock.sessions().retrieve(""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_x",
                WaitOptions.builder().pollInterval(Duration.ofMillis(100)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("pollInterval"));
        assertThatThrownBy(() -> dock.sessions().create(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("params"));

        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    void aLongPollIsAnsweredByTheCompletionWithoutASecondRead() throws Exception {
        // the hold (13 to 25 s) must outlast the step from "held" to the completion; the session lives
        // 5 minutes, so that no slow step before the hold lets it expire (with 30 s of the system clock)
        DockClient dock = start(Shrunk.fast().lifetime(Duration.ofMinutes(5)).maxWait(Duration.ofSeconds(25)));
        DockSession session = dock.sessions().create(params("user_1"));

        CompletableFuture<DockSession> done = dock.sessions().awaitCompletionAsync(session.id());
        letTheLongPollsArrive(1);
        mock.dock().complete(session.id(), "123456789012345678", "156319135");

        DockSession completed = done.get(15, TimeUnit.SECONDS);
        assertThat(completed.isCompleted()).isTrue();
        assertThat(completed.result()).hasValueSatisfying(link -> {
            assertThat(link.discordId()).isEqualTo("123456789012345678");
            assertThat(link.robloxId()).isEqualTo("156319135");
        });
        assertThat(reads(session.id())).singleElement().satisfies(r -> assertThat(r.query())
                .as("a first hold is up to holdSpread (half of maxWait) shorter").matches("wait=(1[3-9]|2[0-5])"));
    }

    /**
     * Waits begun together (a restart resuming them, a burst of users) would otherwise hold their
     * long-polls for the same time and ask again in the same second, every hold after: their first
     * holds are spread over the guardrails' holdSpread.
     *
     * <p>The first hold of each wait is what is checked: a machine that took longer than the shortest
     * first hold (13 s) to get all 40 held lets that hold end "pending" and its wait read again, a
     * read more in the journal that says nothing of the spread (it failed {@code hasSize(40)}). The
     * sessions live 5 minutes here, far past the holds (with 30 s, a slow machine saw them expire).
     */
    @Test
    void waitsBegunTogetherSpreadTheirFirstHolds() throws Exception {
        DockClient dock = start(Shrunk.fast().lifetime(Duration.ofMinutes(5)).maxWait(Duration.ofSeconds(25)).burst(40));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(dock.sessions().create(params("user_" + i)).id());
        }
        List<CompletableFuture<DockSession>> waits = ids.stream().map(id -> dock.sessions().awaitCompletionAsync(id)).toList();
        // all held, then completed: each first hold returns with its session (the journal records a
        // request once answered, so waiting for the journal waited out every hold, 25 s)
        letTheLongPollsArrive(ids.size());
        ids.forEach(id -> mock.dock().complete(id, "123456789012345678", "156319135"));
        for (CompletableFuture<DockSession> wait : waits) {
            assertThat(wait.get(15, TimeUnit.SECONDS).isCompleted()).isTrue();
        }
        // each session's first read (the journal keeps the order of the answers; a read again came after its first)
        java.util.Map<String, MockJournalEntry> firstReads = new java.util.LinkedHashMap<>();
        for (MockJournalEntry entry : mock.journal().find(MockJournalQuery.all().method("GET"))) {
            firstReads.putIfAbsent(entry.path(), entry);
        }

        assertThat(firstReads.keySet()).as("every wait read its session")
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "/dock/v2/sessions/" + id).toList());
        List<Integer> holds = firstReads.values().stream()
                .map(entry -> Integer.parseInt(entry.query().replaceAll(".*wait=(\\d+).*", "$1"))).toList();
        assertThat(holds).hasSize(40).allSatisfy(hold -> assertThat(hold).isBetween(13, 25));
        assertThat(new java.util.HashSet<>(holds)).as("not all in one second").hasSizeGreaterThan(3);
    }

    @Test
    void aWaitReturnsTheExpiredSessionAtItsLifetime() {
        DockClient dock = start(Shrunk.fast().lifetime(Duration.ofSeconds(2)));
        DockSession session = dock.sessions().create(params("user_1"));

        DockSession ended = dock.sessions().awaitCompletion(session.id());

        assertThat(ended.status().value()).isEqualTo(DockSessionStatus.EXPIRED);
        assertThat(ended.statusReason()).contains("lifetime_exceeded");
        assertThat(ended.result()).isEmpty();
        assertThat(reads(session.id())).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    /**
     * The completion comes in the last hold before the expiry at 8 s: the first read the client
     * sends once the mock's clock shows less than a hold (2 s) to the expiry completes the session
     * as it leaves (an interceptor of the client's), and is answered with it. When that happens is
     * the client's own pacing, not the test thread's: every read of the count went out before it,
     * and a slow machine only makes them fewer. (The completion came from the test thread once three
     * holds were answered: a test thread stalled for two holds let two more reads pass, six in all.)
     * The mock's clock keeps real time but stops a second before the expiry, set as soon as the
     * session is created, so that no stall lets the session expire before that read (with the system
     * clock, a CI machine slow enough saw the session expired instead). Holds keep real time; the
     * client counts the session's end from the mock's {@code Date}, not its own clock.
     */
    @Test
    void aSessionCompletingAtTheLastMomentCostsAtMostOneReadPerHoldPlusOne() throws Exception {
        Duration hold = Duration.ofSeconds(2);
        Shrunk shrunk = Shrunk.fast().lifetime(Duration.ofSeconds(8)).maxWait(hold);
        Clock system = Clock.systemUTC();
        java.util.concurrent.atomic.AtomicReference<Instant> stop = new java.util.concurrent.atomic.AtomicReference<>();
        Clock stopping = new Clock() {
            @Override
            public Instant instant() {
                Instant now = system.instant();
                Instant at = stop.get();
                return at == null || now.isBefore(at) ? now : at;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        java.util.concurrent.atomic.AtomicReference<DockSession> created = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
        okhttp3.OkHttpClient completingAtTheLastMoment = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            DockSession session = created.get();
            if (session != null && chain.request().method().equals("GET")
                    && chain.request().url().encodedPath().endsWith("/" + session.id())
                    && !stopping.instant().isBefore(session.expiresAt().minus(hold)) && completed.compareAndSet(false, true)) {
                mock.dock().complete(session.id()); // the user finishes as this read leaves
            }
            return chain.proceed(chain.request());
        }).build();
        try {
            mock = MockServer.start(MockSettings.builder().clock(stopping).dock(shrunk.mock().build()).build());
            dock = DockClient.builder().apiKey(FREE_KEY).baseUrl(mock.dockBaseUrl()).guardrails(shrunk.client().build())
                    .okHttpClient(completingAtTheLastMoment).createTokenWait(Duration.ZERO).build();
            DockSession session = dock.sessions().create(params("user_1"));
            stop.set(session.expiresAt().minusSeconds(1)); // set before the wait, and so before any read
            created.set(session);

            DockSession ended = dock.sessions().awaitCompletionAsync(session.id()).get(30, TimeUnit.SECONDS);

            assertThat(completed).as("completed by a read sent in the last hold before the expiry").isTrue();
            assertThat(ended.isCompleted()).isTrue();
            // Documented guardrails: 5 min / 25 s holds = 12, plus one: 13. Shrunk: 8 s / 2 s + 1.
            assertThat(reads(session.id())).hasSizeLessThanOrEqualTo(5)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        } finally {
            completingAtTheLastMoment.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void theWaitStopsAtThePollCapBeforeTheServerRefuses() {
        DockClient dock = start(Shrunk.fast().pollCap(3).maxWait(Duration.ofSeconds(1)));
        DockSession session = dock.sessions().create(params("user_1"));

        assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(3));
        assertThat(reads(session.id())).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void readsOfASessionKeepTheMinimumIntervalAtTheServer() {
        Duration interval = Duration.ofMillis(300);
        DockClient dock = start(Shrunk.fast().minInterval(interval));
        DockSession session = dock.sessions().create(params("user_1"));

        for (int i = 0; i < 4; i++) {
            dock.sessions().retrieve(session.id());
        }

        List<MockJournalEntry> reads = reads(session.id());
        assertThat(reads).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        for (int i = 1; i < reads.size(); i++) {
            assertThat(reads.get(i).receivedNanos() - reads.get(i - 1).receivedNanos())
                    .isGreaterThanOrEqualTo(interval.toNanos());
        }
    }

    /**
     * The client and the mock share one virtual time (the client's scheduler is the mock's clock):
     * the second read comes 10 ms of that time after the first, so the mock refuses it however long
     * the machine took between the two (in real time, a stall of a second let it through, and the
     * reads were 200, 200); the read again comes once the client slept the 1-s Retry-After.
     */
    @Test
    void aServerRetryAfterIsHonoured() {
        Shrunk shrunk = Shrunk.fast().minInterval(Duration.ofSeconds(1));
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
        mock = MockServer.start(MockSettings.builder().clock(clockOf(time)).dock(shrunk.mock().build()).build());
        dock = DockClient.builder().apiKey(FREE_KEY).baseUrl(mock.dockBaseUrl()).scheduler(time)
                .guardrails(shrunk.client().minPollInterval(Duration.ofMillis(10)).build())
                .createTokenWait(Duration.ZERO).build();
        DockSession session = dock.sessions().create(params("user_1"));
        dock.sessions().retrieve(session.id());

        DockSession read = dock.sessions().retrieve(session.id());

        assertThat(read.id()).isEqualTo(session.id());
        List<MockJournalEntry> reads = reads(session.id());
        assertThat(reads).extracting(MockJournalEntry::status).containsExactly(200, 429, 200);
        assertThat(Duration.between(reads.get(1).receivedAt(), reads.get(2).receivedAt()))
                .as("the read again came after the Retry-After (virtual time)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(time.sleeps()).as("the client slept the hint").anySatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(900)));
    }

    /** A clock that reads {@code time}'s virtual time (for the mock; other tests of this package too). */
    static Clock clockOf(VirtualScheduler time) {
        return new Clock() {
            @Override
            public Instant instant() {
                return time.now();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    @Test
    void anUnknownKeyIsAuthenticationFailure() {
        DockClient dock = start(Shrunk.fast().mock().build(), Shrunk.fast().client().build(), "dock_test_nope");

        assertThatThrownBy(() -> dock.sessions().create(params("user_1")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.code()).contains("INVALID_API_KEY");
                    assertThat(e.requestId()).isPresent();
                    assertThat(e.getMessage()).doesNotContain("dock_test_nope");
                });
    }

    @Test
    void aPidOfAnotherKeyIsForbidden() {
        DockClient dock = start(Shrunk.fast());

        assertThatThrownBy(() -> dock.sessions().create(
                CreateSessionParams.builder().pid(PREMIUM_PID).clientId("user_1").build()))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.code()).contains("FORBIDDEN");
                });
    }

    @Test
    void anUnknownSessionIsNotFound() {
        DockClient dock = start(Shrunk.fast());

        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_AAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("SESSION_NOT_FOUND");
                    assertThat(e.requestId()).isPresent();
                });
    }

    @Test
    void aRelinkReportsTheChangeTheVersionAndTheHash() throws Exception {
        DockClient dock = start(Shrunk.fast());
        String discordId = "123456789012345678";
        DockSession first = dock.sessions().create(params("user_1"));
        mock.dock().complete(first.id(), discordId, "1001");
        LinkResult firstLink = dock.sessions().awaitCompletion(first.id()).result().orElseThrow();

        DockSession second = dock.sessions().create(params("user_2"));
        mock.dock().complete(second.id(), discordId, "2002");
        LinkResult relink = dock.sessions().awaitCompletion(second.id()).result().orElseThrow();

        assertThat(firstLink.linkChanged()).isFalse();
        assertThat(firstLink.linkVersion()).isEqualTo(1);
        assertThat(firstLink.previousRobloxId()).isEmpty();
        assertThat(relink.linkChanged()).isTrue();
        assertThat(relink.previousRobloxId()).contains("1001");
        assertThat(relink.linkVersion()).isEqualTo(2);
        assertThat(relink.linkHash()).isEqualTo("sha256-" + sha256Hex(FREE_PID + ":" + discordId + ":2002:2"));
    }

    /**
     * Waits until the mock holds {@code count} long-polls, so that a completion lands while they are
     * held (a sleep let a slow machine complete the session first, and the test pass without a hold).
     */
    private void letTheLongPollsArrive(int count) throws InterruptedException {
        for (int i = 0; i < 60_000 && mock.dock().heldLongPolls() < count; i++) {
            Thread.sleep(1); // however long they take to arrive; the bound only guards against a hang
        }
        assertThat(mock.dock().heldLongPolls()).as("the long-polls held").isEqualTo(count);
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
