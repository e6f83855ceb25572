package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.OTHER_SECRET;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static dev.verifykit.webhook.Fixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {
    private final VirtualScheduler clock = Fixtures.clock();
    private final WebhookVerifier verifier = Fixtures.verifier(clock).build();

    @Test
    void acceptsEveryHeaderForm() {
        String hex = hmacHex(SECRET, BODY);

        assertThatCode(() -> verifier.verify(BODY, hex)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, hex.toUpperCase(Locale.ROOT))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, "sha256=" + hex)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, "sha256=" + hex.toUpperCase(Locale.ROOT))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, timestamped(SECRET, T, BODY))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, "t=" + T + ",v1=" + v1(SECRET, T, BODY).toUpperCase(Locale.ROOT)))
                .doesNotThrowAnyException();
    }

    @Test
    void theTimestampedFormSignsTheTimestampAsSent() {
        String t = "000" + T;
        String header = "t=" + t + ",v1=" + hmacHex(SECRET, bytes(t + "." + Fixtures.BODY_TEXT));

        assertThatCode(() -> verifier.verify(BODY, header)).doesNotThrowAnyException();
    }

    /**
     * {@code t=<unix seconds>} is base ten: more than 19 digits whose leading ones are zeros is the same
     * small number; it was refused as "has a t= timestamp out of range" though it is the clock's own second.
     */
    @Test
    void aTimestampPaddedWithZerosPastNineteenDigitsIsReadInBaseTen() {
        String t = "0".repeat(20) + T;
        String header = "t=" + t + ",v1=" + hmacHex(SECRET, bytes(t + "." + Fixtures.BODY_TEXT));

        assertThatCode(() -> verifier.verify(BODY, header)).doesNotThrowAnyException();
    }

    @Test
    void unknownEntriesOfTheTimestampedFormAreIgnored() {
        String header = "t=" + T + ",v0=legacy,v1=" + v1(SECRET, T, BODY);

        assertThatCode(() -> verifier.verify(BODY, header)).doesNotThrowAnyException();
    }

    @Test
    void anEmptyBodyVerifies() {
        assertThatCode(() -> verifier.verify(new byte[0], hmacHex(SECRET, new byte[0]))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Dokai-Signature", "x-dokai-signature", "X-DOKAI-SIGNATURE", "x-Dokai-signature"})
    void findsTheHeaderWhateverTheCaseOfItsName(String name) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put(null, List.of("HTTP/1.1 200 OK"));
        headers.put(name, List.of(hmacHex(SECRET, BODY)));

        assertThatCode(() -> verifier.verify(BODY, headers)).doesNotThrowAnyException();
        assertThat(verifier.verifyAndParse(BODY, headers)).isInstanceOf(DokaiWebhookEvent.Completed.class);
    }

    @Test
    void aHeaderAbsentFromTheMapIsMissing() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        assertThat(reasonOf(() -> verifier.verify(BODY, headers))).isEqualTo(Reason.MISSING_HEADER);

        headers.put("X-Dokai-Signature", List.of());
        assertThat(reasonOf(() -> verifier.verify(BODY, headers))).isEqualTo(Reason.MISSING_HEADER);

        headers.put("X-Dokai-Signature", null);
        assertThat(reasonOf(() -> verifier.verify(BODY, headers))).isEqualTo(Reason.MISSING_HEADER);

        assertThat(reasonOf(() -> verifier.verify(BODY, Map.of()))).isEqualTo(Reason.MISSING_HEADER);
    }

    @Test
    void aHeaderSentTwiceIsMalformed() {
        String hex = hmacHex(SECRET, BODY);
        Map<String, List<String>> twiceInOneList = Map.of("X-Dokai-Signature", List.of(hex, hex));
        Map<String, List<String>> twoSpellings = Map.of("X-Dokai-Signature", List.of(hex), "x-dokai-signature", List.of(hex));

        assertThat(reasonOf(() -> verifier.verify(BODY, twiceInOneList))).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reasonOf(() -> verifier.verify(BODY, twoSpellings))).isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void eitherOfTwoSecretsVerifiesDuringRotation() {
        WebhookVerifier rotating = Fixtures.verifier(clock).secret(OTHER_SECRET).build();

        assertThatCode(() -> rotating.verify(BODY, hmacHex(SECRET, BODY))).doesNotThrowAnyException();
        assertThatCode(() -> rotating.verify(BODY, hmacHex(OTHER_SECRET, BODY))).doesNotThrowAnyException();
        assertThatCode(() -> rotating.verify(BODY, timestamped(OTHER_SECRET, T, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> rotating.verify(BODY, hmacHex("whsec_third", BODY))))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void anyV1EntryMayMatch() {
        String header = "t=" + T + ",v1=" + v1("whsec_retired", T, BODY) + ",v1=" + v1(SECRET, T, BODY);
        String neither = "t=" + T + ",v1=" + v1("whsec_retired", T, BODY) + ",v1=" + v1("whsec_other", T, BODY);

        assertThatCode(() -> verifier.verify(BODY, header)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> verifier.verify(BODY, neither))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aStaleTimestampIsAcceptedUpToTheToleranceAndRefusedAfter() {
        String header = timestamped(SECRET, T, BODY);

        clock.advance(Duration.ofMinutes(5));
        assertThatCode(() -> verifier.verify(BODY, header)).doesNotThrowAnyException();

        clock.advance(Duration.ofSeconds(1));
        assertThat(reasonOf(() -> verifier.verify(BODY, header))).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void aFutureTimestampIsAcceptedUpToTheToleranceAndRefusedAfter() {
        assertThatCode(() -> verifier.verify(BODY, timestamped(SECRET, T + 300, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> verifier.verify(BODY, timestamped(SECRET, T + 301, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void theToleranceIsMeasuredFromTheClockToTheMillisecond() {
        clock.advance(Duration.ofMillis(500));

        assertThatCode(() -> verifier.verify(BODY, timestamped(SECRET, T - 299, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> verifier.verify(BODY, timestamped(SECRET, T - 300, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThatCode(() -> verifier.verify(BODY, timestamped(SECRET, T + 300, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> verifier.verify(BODY, timestamped(SECRET, T + 301, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void theToleranceIsConfigurable() {
        WebhookVerifier strict = Fixtures.verifier(clock).tolerance(Duration.ofSeconds(30)).build();

        assertThatCode(() -> strict.verify(BODY, timestamped(SECRET, T - 30, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> strict.verify(BODY, timestamped(SECRET, T - 31, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reasonOf(() -> strict.verify(BODY, timestamped(SECRET, T + 31, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void aPlainSignatureHasNoTimestampToCheck() {
        clock.advance(Duration.ofDays(3));

        assertThatCode(() -> verifier.verify(BODY, hmacHex(SECRET, BODY))).doesNotThrowAnyException();
    }

    @Test
    void theTestModeSkipsOnlyTheTimestampCheck() {
        WebhookVerifier testing = Fixtures.verifier(clock).skipTimestampCheck(true).build();

        assertThatCode(() -> testing.verify(BODY, timestamped(SECRET, T - 86_400, BODY))).doesNotThrowAnyException();
        assertThatCode(() -> testing.verify(BODY, timestamped(SECRET, T + 86_400, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> testing.verify(BODY, timestamped(OTHER_SECRET, T - 86_400, BODY))))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(testing.toString()).contains("timestamp check skipped");
        assertThat(verifier.toString()).doesNotContain("skipped");
    }

    @Test
    void theMessageHintsAtAReserialisedBody() {
        String signedCompact = hmacHex(SECRET, BODY);
        byte[] trailingNewline = bytes(Fixtures.BODY_TEXT + "\n");
        byte[] crlf = bytes("{\r\n  \"id\": \"ver_abc123\",\r\n  \"event\": \"verification.completed\"\r\n}");
        byte[] tampered = bytes(Fixtures.BODY_TEXT.replace("0.92", "0.93"));

        assertThat(messageOf(() -> verifier.verify(trailingNewline, signedCompact))).contains("re-serialised");
        assertThat(messageOf(() -> verifier.verify(crlf, signedCompact))).contains("re-serialised", "raw bytes");
        assertThat(messageOf(() -> verifier.verify(tampered, signedCompact))).doesNotContain("re-serialised");
        assertThat(messageOf(() -> verifier.verify(bytes(" not json "), signedCompact))).doesNotContain("re-serialised");
    }

    @Test
    void theMessageSaysWhichSchemeWasSeen() {
        assertThat(messageOf(() -> verifier.verify(BODY, hmacHex(OTHER_SECRET, BODY)))).contains("bare hex");
        assertThat(messageOf(() -> verifier.verify(BODY, timestamped(OTHER_SECRET, T, BODY)))).contains("t=<seconds>");
        assertThat(messageOf(() -> verifier.verify(BODY, "sha256=" + hmacHex(OTHER_SECRET, BODY)))).contains("sha256=");
    }

    @Test
    void readsAStreamAndReturnsTheBodyThatVerified() {
        String header = hmacHex(SECRET, BODY);

        assertThat(verifier.verify(new ByteArrayInputStream(BODY), header)).isEqualTo(BODY);
        assertThat(verifier.verify(new ByteArrayInputStream(BODY), Map.of("x-dokai-signature", List.of(header))))
                .isEqualTo(BODY);
        assertThat(verifier.verifyAndParse(new ByteArrayInputStream(BODY), header))
                .isInstanceOf(DokaiWebhookEvent.Completed.class);
        assertThat(verifier.verifyAndParse(new ByteArrayInputStream(BODY), Map.of("X-Dokai-Signature", List.of(header))))
                .isInstanceOf(DokaiWebhookEvent.Completed.class);
    }

    @Test
    void aStreamOfExactlyTheMaximumIsAcceptedAndOneByteMoreIsNot() {
        byte[] big = new byte[20_000];
        Arrays.fill(big, (byte) 'x');
        byte[] tooBig = Arrays.copyOf(big, big.length + 1);
        Arrays.fill(tooBig, (byte) 'x');
        WebhookVerifier bounded = Fixtures.verifier(clock).maxBodyBytes(big.length).build();

        assertThat(bounded.verify(new ByteArrayInputStream(big), hmacHex(SECRET, big))).isEqualTo(big);
        assertThat(reasonOf(() -> bounded.verify(new ByteArrayInputStream(tooBig), hmacHex(SECRET, tooBig))))
                .isEqualTo(Reason.BODY_TOO_LARGE);
    }

    @Test
    void anEndlessStreamIsCutOffAtTheMaximum() {
        CountingStream endless = new CountingStream();
        WebhookVerifier bounded = Fixtures.verifier(clock).maxBodyBytes(100_000).build();

        assertThat(reasonOf(() -> bounded.verify(endless, hmacHex(SECRET, BODY)))).isEqualTo(Reason.BODY_TOO_LARGE);
        assertThat(endless.read).isEqualTo(100_001);
    }

    @Test
    void aStreamIsNotReadWhenTheHeaderIsMissingOrMalformed() {
        CountingStream endless = new CountingStream();

        assertThat(reasonOf(() -> verifier.verify(endless, (String) null))).isEqualTo(Reason.MISSING_HEADER);
        assertThat(reasonOf(() -> verifier.verifyAndParse(endless, "t=x"))).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reasonOf(() -> verifier.verify(endless, "z".repeat(64)))).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reasonOf(() -> verifier.verifyAndParse(endless, "t=" + T + ",v1=" + "z".repeat(64))))
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(endless.read).isZero();
    }

    @Test
    void aSignatureThatIsNotHexIsMalformedWhateverElseIsWrongOrRight() {
        WebhookVerifier bounded = Fixtures.verifier(clock).maxBodyBytes(BODY.length - 1).build();
        String good = v1(SECRET, T, BODY);
        String notHex = "g" + good.substring(1);

        assertThat(reasonOf(() -> bounded.verify(BODY, notHex))).as("body also too large")
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reasonOf(() -> verifier.verify(BODY, "t=" + T + ",v1=" + good + ",v1=" + notHex)))
                .as("after a matching candidate").isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(reasonOf(() -> verifier.verify(BODY, "t=" + T + ",v1=" + notHex + ",v1=" + good)))
                .as("before a matching candidate").isEqualTo(Reason.MALFORMED_HEADER);
        assertThatCode(() -> verifier.verify(BODY, "t=" + T + ",v1=" + good.toUpperCase())).doesNotThrowAnyException();
    }

    @Test
    void aFailingStreamIsAnUncheckedIoException() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> verifier.verify(failing, hmacHex(SECRET, BODY)))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("connection reset");
    }

    @Test
    void nullArgumentsAreValidationErrors() {
        assertThatThrownBy(() -> verifier.verify((byte[]) null, hmacHex(SECRET, BODY)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("rawBody"));
        assertThatThrownBy(() -> verifier.verify((InputStream) null, hmacHex(SECRET, BODY)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("rawBody"));
        assertThatThrownBy(() -> verifier.verify(BODY, (Map<String, List<String>>) null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("headers"));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        WebhookVerifier rotating = Fixtures.verifier(clock).secret(OTHER_SECRET).build();
        List<byte[]> bodies = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] body = bytes(Fixtures.BODY_TEXT.replace("ver_abc123", "ver_" + i));
            bodies.add(body);
            headers.add(i % 2 == 0 ? hmacHex(SECRET, body) : timestamped(OTHER_SECRET, T, body));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(pool.submit(() -> {
                    int verified = 0;
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < bodies.size(); i++) {
                            rotating.verify(bodies.get(i), headers.get(i));
                            verified++;
                        }
                    }
                    return verified;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(50 * 64);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toStringShowsTheSettingsButNoSecret() {
        WebhookVerifier rotating = Fixtures.verifier(clock).secret(OTHER_SECRET).replayGuard(ReplayGuard.inMemory()).build();

        assertThat(rotating.toString())
                .contains("secrets=2", "tolerance=PT5M", "maxBodyBytes=1048576", "InMemoryReplayGuard")
                .doesNotContain(SECRET, OTHER_SECRET);
        assertThat(verifier.toString()).contains("secrets=1", "replayGuard=none");
    }

    @Test
    void theSameSecretTwiceCountsOnce() {
        WebhookVerifier twice = WebhookVerifier.builder().secret(SECRET).secrets(List.of(SECRET, OTHER_SECRET)).build();

        assertThat(twice.toString()).contains("secrets=2");
        assertThatCode(() -> twice.verify(BODY, hmacHex(OTHER_SECRET, BODY))).doesNotThrowAnyException();
    }

    @Test
    void theDefaultsAreDocumented() {
        assertThat(WebhookVerifier.DEFAULT_TOLERANCE).isEqualTo(Duration.ofMinutes(5));
        assertThat(WebhookVerifier.DEFAULT_MAX_BODY_BYTES).isEqualTo(1024 * 1024);
        assertThat(WebhookSigner.HEADER).isEqualTo("X-Dokai-Signature");
        WebhookVerifier systemClock = WebhookVerifier.builder().secret(SECRET).build();
        long now = System.currentTimeMillis() / 1000;
        assertThatCode(() -> systemClock.verify(BODY, timestamped(SECRET, now, BODY))).doesNotThrowAnyException();
        assertThat(NOW.getEpochSecond()).isEqualTo(T);
    }

    @Test
    void theBuilderRefusesBadSettingsNamingTheField() {
        assertThat(fieldOf(() -> WebhookVerifier.builder().build())).isEqualTo("secrets");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secret(null))).isEqualTo("secret");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secret(""))).isEqualTo("secret");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secret("  \t"))).isEqualTo("secret");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secrets(null))).isEqualTo("secrets");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secrets(List.of(SECRET, " ")))).isEqualTo("secrets[1]");
        assertThat(fieldOf(() -> WebhookVerifier.builder().secret("whsec_caf\u00e9"))).as("checked when added").isEqualTo("secret");
        assertThat(fieldOf(() -> WebhookVerifier.builder().tolerance(Duration.ofSeconds(-1)))).isEqualTo("tolerance");
        assertThat(fieldOf(() -> WebhookVerifier.builder().tolerance(null))).isEqualTo("tolerance");
        assertThat(fieldOf(() -> WebhookVerifier.builder().tolerance(Duration.ofSeconds(1_000_000_000))))
                .isEqualTo("tolerance");
        assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ofSeconds(999_999_999, 500_000_000)))
                .as("half a second past it, named as given, not as a value the rule allows")
                .hasMessageContaining("(was 999999999.5 s)");
        assertThat(fieldOf(() -> WebhookVerifier.builder().maxBodyBytes(0))).isEqualTo("maxBodyBytes");
        assertThat(fieldOf(() -> WebhookVerifier.builder().maxBodyBytes(-1))).isEqualTo("maxBodyBytes");
        assertThat(fieldOf(() -> WebhookVerifier.builder().maxBodyBytes(Integer.MAX_VALUE))).isEqualTo("maxBodyBytes");
        assertThat(fieldOf(() -> WebhookVerifier.builder().scheduler(null))).isEqualTo("scheduler");
        assertThat(fieldOf(() -> WebhookVerifier.builder().replayGuard(null))).isEqualTo("replayGuard");
    }

    @Test
    void aSecretRefusedFromAListAddsNoneOfTheList() {
        WebhookVerifier.Builder builder = WebhookVerifier.builder();
        assertThatThrownBy(() -> builder.secrets(List.of(SECRET, ""))).isInstanceOf(ValidationException.class);

        assertThat(fieldOf(builder::build)).isEqualTo("secrets");
    }

    @Test
    void aZeroToleranceIsAllowed() {
        WebhookVerifier exact = Fixtures.verifier(clock).tolerance(Duration.ZERO).build();

        assertThatCode(() -> exact.verify(BODY, timestamped(SECRET, T, BODY))).doesNotThrowAnyException();
        assertThat(reasonOf(() -> exact.verify(BODY, timestamped(SECRET, T - 1, BODY))))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    /**
     * A delivery signed longer ago than the tolerance is taken as a replay; a window over an hour
     * (2 h was taken here while the starter refused it) is refused as the starter and the command
     * line refuse it, with the value as given.
     */
    @Test
    void aToleranceOfAnHourIsTheLongestTaken() {
        WebhookVerifier hour = Fixtures.verifier(clock).tolerance(Duration.ofHours(1)).build();
        assertThatCode(() -> hour.verify(BODY, timestamped(SECRET, T - 3600, BODY))).doesNotThrowAnyException();

        assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ofHours(2)))
                .isInstanceOf(ValidationException.class).hasMessage("tolerance: must be at most 1 hour (was 7200 s)");
        assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ofMillis(3_600_001)))
                .hasMessage("tolerance: must be at most 1 hour (was 3600.001 s)");
    }

    static Reason reasonOf(Runnable call) {
        WebhookVerificationException e = catchThrowableOfType(call::run, WebhookVerificationException.class);
        assertThat(e).as("a WebhookVerificationException").isNotNull();
        return e.reason();
    }

    private static String messageOf(Runnable call) {
        WebhookVerificationException e = catchThrowableOfType(call::run, WebhookVerificationException.class);
        assertThat(e).as("a WebhookVerificationException").isNotNull();
        return e.getMessage();
    }

    private static String fieldOf(Runnable call) {
        ValidationException e = catchThrowableOfType(call::run, ValidationException.class);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.field();
    }

    private static final class CountingStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'a');
            read += length;
            return length;
        }
    }
}
