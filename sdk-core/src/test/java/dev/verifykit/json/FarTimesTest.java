package dev.verifykit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.json.internal.Values;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.time.VirtualScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Times a service sends are read within RFC 3339's years 0000 to 9999; one beyond them (a server's
 * mistake or a hostile one) is a malformed answer, not a time whose arithmetic (a grace added to a
 * session's expiry) overflows later and fails a wait "unexpectedly" with a {@code DateTimeException}.
 */
class FarTimesTest {
    private static final String MAX_INSTANT = "+1000000000-12-31T23:59:59.999999999Z";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private static Instant iso(String text) throws IOException {
        return Values.isoInstant(JsonReader.of(new Buffer().writeUtf8("\"" + text + "\"")));
    }

    private static Instant millis(String number) throws IOException {
        return Values.epochMillis(JsonReader.of(new Buffer().writeUtf8(number)));
    }

    @Test
    void instantsAreReadWithinTheYears0000To9999() throws IOException {
        assertThat(iso("9999-12-31T23:59:59.999999999Z")).isEqualTo(Values.LATEST);
        assertThat(iso("0000-01-01T00:00:00Z")).isEqualTo(Values.EARLIEST);
        assertThat(iso("0000-01-01T01:00:00+01:00")).isEqualTo(Values.EARLIEST);
    }

    @Test
    void anInstantBeyondTheYear9999IsMalformed() {
        // before: read as they were, and a wait then added its grace to Instant.MAX
        for (String far : new String[] {MAX_INSTANT, "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z",
                "9999-12-31T23:30:00-01:00"}) {
            assertThatThrownBy(() -> iso(far)).hasMessageContaining("not an ISO-8601 instant of the years 0000 to 9999");
        }
        assertThat(catchMillis("253402300799999")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
        for (String far : new String[] {"253402300800000", "9000000000000000", "-62167219200001"}) {
            assertThatThrownBy(() -> millis(far)).hasMessageContaining("not epoch milliseconds of the years 0000 to 9999");
        }
    }

    private static Instant catchMillis(String number) {
        try {
            return millis(number);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDockSessionExpiringAtTheEndOfTimeIsAMalformedAnswerToAWait() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"vsn_1\",\"status\":\"pending\",\"verifyUrl\":\"https://dock.example/v/1\","
                        + "\"expiresAt\":\"" + MAX_INSTANT + "\"},\"meta\":{\"requestId\":\"req_1\"}}").build());

        // before: "a request of the wait failed unexpectedly with java.time.DateTimeException"
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.autoAdvancing(Instant.now())).build()) {
            assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_1", WaitOptions.builder()
                    .timeout(Duration.ofMinutes(1)).maxConsecutiveFailures(0).build()))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                            .contains("expiresAt").contains("years 0000 to 9999"));
        }
    }

    @Test
    void aTokenExpiringPastTheYear9999IsRefusedAsAJwt() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"robloxUserId\":\"1\",\"exp\":1e300}".getBytes(StandardCharsets.UTF_8));
        String jwt = "eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln";
        RobloxUser user = RobloxUser.builder().robloxUserId("1").username("u").displayName("U")
                .picture("https://tr.rbxcdn.com/u.png").build();

        // before: a DateTimeException ("Instant exceeds minimum or maximum instant")
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).build()) {
            assertThatThrownBy(() -> new AuthSession(jwt, user, rpc)).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.field()).isEqualTo("jwt");
                assertThat(e.getMessage()).contains("an exp claim outside the years 0000 to 9999");
            });
        }
    }
}
