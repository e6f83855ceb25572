package dev.verifykit.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.webhook.WebhookVerifier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials and base URLs are checked when a client is built, and the refusal never quotes them:
 * a header value with a control or non-ASCII character, or a base URL with user-info, is a
 * {@link ValidationException} naming the setting and the rule, with nothing of the value in its
 * message, its {@code toString()} or a cause.
 */
class CredentialSettingsTest {
    private static final String SECRET_PART = "s3cr3t-part-91f";

    static Stream<Arguments> badSecrets() {
        String[] inserts = {"\r", "\n", "\r\n", "\u0000", "\u0001", "\t", "\u007f", "\u00e9", "\u00a0", "\u2028", "\ud83d\ude00"};
        String[] settings = {"dock apiKey", "dokai apiKey", "game verificationSecret", "webhook secret"};
        return Stream.of(settings).flatMap(setting -> Stream.of(inserts).map(insert ->
                Arguments.of(setting, SECRET_PART + insert + "tail")));
    }

    @ParameterizedTest(name = "{0} with U+{1}")
    @MethodSource("badSecrets")
    void aSecretAHeaderCannotCarryIsRefusedAtBuildWithoutQuotingIt(String setting, String value) {
        Throwable thrown = catchThrowable(() -> build(setting, value));

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(setting.substring(setting.indexOf(' ') + 1));
            assertThat(e.rule()).contains("printable ASCII").containsPattern("index \\d+");
        });
        assertNothingQuotes(thrown, SECRET_PART);
    }

    /**
     * A control character at either end was dropped by {@code String.trim()} (which removes every
     * character up to U+0020), so a key with a NUL or an ESC at its end was silently changed and
     * accepted ({@code String.strip()}, tried next, still dropped U+001C–U+001F, VT and FF); only
     * spaces, tabs and line breaks are dropped now, the rest refused as inside a key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badSecretEnds")
    void aControlCharacterAtEitherEndIsRefusedNotDropped(String setting, String value) {
        Throwable thrown = catchThrowable(() -> build(setting, value));

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.rule()).contains("printable ASCII"));
        assertNothingQuotes(thrown, SECRET_PART);
    }

    static Stream<Arguments> badSecretEnds() {
        String[] settings = {"dock apiKey", "dokai apiKey", "game verificationSecret", "webhook secret"};
        return Stream.of(settings).flatMap(setting -> Stream.of("\u0000", "\u001b", "\u0007", "\u0008", "\u001c", "\u001f", "\u000b", "\f").flatMap(insert ->
                Stream.of(Arguments.of(setting, insert + SECRET_PART), Arguments.of(setting, SECRET_PART + insert))));
    }

    @Test
    void surroundingWhitespaceIsStillTrimmed() {
        for (String setting : new String[] {"dock apiKey", "dokai apiKey", "game verificationSecret", "webhook secret"}) {
            assertThatCode(() -> build(setting, " \t" + SECRET_PART + "\r\n")).as(setting).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dock", "dokai", "roblox", "game"})
    void aBaseUrlWithUserInfoIsRefusedWithoutShowingIt(String client) {
        String url = "https://integrator:" + SECRET_PART + "@api.example.com/base";

        Throwable thrown = catchThrowable(() -> {
            Object built = switch (client) {
                case "dock" -> DockClient.builder().apiKey("dock_test_free").baseUrl(url).build();
                case "dokai" -> DokaiClient.builder().apiKey("dk_test_mock").baseUrl(url).build();
                case "roblox" -> RobloxVerificationClient.builder().baseUrl(url).build();
                default -> RobloxGameServerClient.builder().baseUrl(url).verificationSecret("game-secret-7d1f").build();
            };
            throw new AssertionError("built " + built);
        });

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("baseUrl");
            assertThat(e.rule()).contains("user-info");
        });
        assertNothingQuotes(thrown, SECRET_PART);
        assertNothingQuotes(thrown, "integrator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\nInjected: 1", "\u0000", "\u00e9", "\u0085"})
    void anExtraHeaderValueIsCheckedTheSameWay(String insert) {
        Throwable thrown = catchThrowable(() -> RequestOptions.builder().header("X-Trace", SECRET_PART + insert).build());

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("headers");
            assertThat(e.rule()).contains("X-Trace").contains("printable ASCII");
        });
        assertNothingQuotes(thrown, SECRET_PART);
    }

    private static Object build(String setting, String value) {
        Function<String, Object> builder = switch (setting) {
            case "dock apiKey" -> v -> DockClient.builder().apiKey(v).build();
            case "dokai apiKey" -> v -> DokaiClient.builder().apiKey(v).build();
            case "game verificationSecret" -> v -> RobloxGameServerClient.builder()
                    .baseUrl("https://rpc.example.com").verificationSecret(v).build();
            case "webhook secret" -> v -> WebhookVerifier.builder().secret(v).build();
            default -> throw new IllegalArgumentException(setting);
        };
        Object built = builder.apply(value);
        if (built instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // built by mistake; the assertion says so
            }
        }
        return built;
    }

    private static void assertNothingQuotes(Throwable thrown, String part) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(part);
            assertThat(t.toString()).doesNotContain(part);
        }
    }

    /**
     * Dock's and Dokai's {@code apiKey}: "sent as {@code Authorization: Bearer …}" (reference: Dokai keys
     * are {@code dk_live_…} / {@code dk_test_…}, Dock's {@code dock_…}). A Bearer token cannot hold a
     * space (RFC 6750 §2.1, b64token), so a key given with its scheme ({@code "Bearer dk_live_…"}, as
     * copied from a curl line) or with a space inside can never be right; it was accepted and sent as
     * {@code Authorization: Bearer Bearer dk_live_…}, for a 401 at the first call. Nor can it hold
     * quotes: a key kept with them (an env file read by {@code docker --env-file} keeps
     * {@code DOKAI_API_KEY="dk_test_…"}'s quotes) was accepted too, and every call answered 401. The
     * builder refuses bad input at {@code build()} naming the field and the rule, never quoting the secret.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Bearer dk_live_" + SECRET_PART, "dk_live_ab " + SECRET_PART, "dk_test_\t" + SECRET_PART,
        "\"dk_test_" + SECRET_PART + "\""})
    void dokaiRefusesAKeyNoBearerTokenHoldsNamingTheField(String key) {
        Throwable thrown = catchThrowable(() -> DokaiClient.builder().apiKey(key).build().close());

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("apiKey"));
        assertThat(thrown.getMessage()).doesNotContain(SECRET_PART);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer dock_" + SECRET_PART, "dock_ab " + SECRET_PART, "'dock_" + SECRET_PART + "'", "=", "=="})
    void dockRefusesAKeyNoBearerTokenHoldsNamingTheField(String key) {
        Throwable thrown = catchThrowable(() -> DockClient.builder().apiKey(key).build().close());

        assertThat(thrown).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("apiKey"));
        assertThat(thrown.getMessage()).doesNotContain(SECRET_PART);
    }
}
