package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The settings' and faults' checks at their documented bounds (module README, Settings and Fault injection):
 * a key is printable ASCII without spaces, a port 0 to 65535, a {@code respond} status 200 to 599; and
 * {@code toString()} lists every setting but the API keys and secrets.
 */
class SettingChecksTest {

    @Test
    void aKeyTakesEveryVisibleAsciiCharacterAndRefusesDelNamingIt() {
        assertThat(DockSettings.builder().freeApiKey("!key~").build().freeApiKey()).isEqualTo("!key~");
        assertThatThrownBy(() -> DockSettings.builder().freeApiKey("key\u007f"))
                .hasMessage("freeApiKey must be printable ASCII without spaces (found a control character (U+007F) at index 3)");
        assertThatThrownBy(() -> DockSettings.builder().freeApiKey(" key"))
                .hasMessage("freeApiKey must be printable ASCII without spaces (found a space at index 0)");
    }

    @Test
    void aPortAndARespondStatusAreTakenUpToTheirBoundsInclusive() {
        assertThat(MockSettings.builder().port(0).build().port()).isZero();
        assertThat(MockSettings.builder().port(65535).build().port()).isEqualTo(65535);
        assertThatThrownBy(() -> MockSettings.builder().port(-1)).hasMessage("port must be 0 to 65535: -1");
        assertThat(MockFault.respond(200).status()).isEqualTo(200);
        assertThat(MockFault.respond(599).status()).isEqualTo(599);
        assertThatThrownBy(() -> MockFault.respond(199)).hasMessage("status must be 200 to 599: 199");
        assertThatThrownBy(() -> MockFault.respond(600)).hasMessage("status must be 200 to 599: 600");
    }

    /**
     * Settings that must not share a value are refused by {@code build()}, naming the two that are equal
     * (of three, not all three) and quoting no value (keys).
     */
    @Test
    void buildRefusesSettingsThatMustDifferNamingThem() {
        assertThatThrownBy(() -> DockSettings.builder().premiumApiKey("KEY1").freeApiKey("KEY1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("freeApiKey and premiumApiKey must differ");
        assertThatThrownBy(() -> DockSettings.builder().premiumPid("PID-FREE0001").build())
                .hasMessage("freePid and premiumPid must differ");
        assertThatThrownBy(() -> DokaiSettings.builder().noKycApiKey("KEY1").otherApiKey("KEY1").build())
                .hasMessage("otherApiKey and noKycApiKey must differ");
        assertThatThrownBy(() -> DokaiSettings.builder().apiKey("KEY1").noKycApiKey("KEY1").build())
                .hasMessage("apiKey and noKycApiKey must differ");
        assertThatThrownBy(() -> DokaiSettings.builder().apiKey("KEY1").otherApiKey("KEY1").noKycApiKey("KEY1").build())
                .hasMessage("apiKey and otherApiKey must differ");
        assertThat(DokaiSettings.builder().noKycApiKey("KEY1").otherApiKey("KEY2").build().otherApiKey()).isEqualTo("KEY2");
    }

    @Test
    void toStringListsEverySettingButTheSecrets() {
        String shown = DockSettings.builder().sessionLifetime(Duration.ofSeconds(2)).freeApiKey("FREEKEY").build().toString();

        assertThat(shown).startsWith("DockSettings{sessionLifetime=PT2S, ").doesNotContain("FREEKEY", "freeApiKey")
                .contains("freePid=PID-FREE0001");
    }

    /**
     * The RPC's secrets too: the game servers' {@code x-verification-secret} and the HS256 key that signs the
     * JWTs the mock issues (whoever has it can mint a token for any user), in the settings' text and in the
     * whole configuration's.
     */
    @Test
    void toStringShowsNeitherOfTheRpcsSecrets() {
        RobloxSettings roblox = RobloxSettings.builder().verificationSecret("VERIFYSECRET9").jwtSecret("JWTSIGNINGKEY9")
                .placeId(1818).build();

        assertThat(roblox.toString()).contains("placeId=1818")
                .doesNotContain("VERIFYSECRET9", "JWTSIGNINGKEY9", "verificationSecret", "jwtSecret");
        assertThat(MockSettings.builder().roblox(roblox).build().toString()).doesNotContain("VERIFYSECRET9", "JWTSIGNINGKEY9");
    }
}
