package dev.verifykit.mock.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
        "/dock/*, /dock/v2, true",
        "/dock/*, /dock/v2/sessions, false",
        "/dock/*, /dock/, true",
        "/dock/**, /dock/v2/sessions/x, true",
        "/dock/**, /dock/, true",
        "/dock/**, /dockx, false",
        "/dock/v2/sessions/*/stream, /dock/v2/sessions/vsn_1/stream, true",
        "/dock/v2/sessions/*/stream, /dock/v2/sessions/a/b/stream, false",
        "/dock/v2/sessions/**/stream, /dock/v2/sessions/a/b/stream, true",
        "*, /anything/at/all, true",
        "**, /anything/at/all, true",
        "/a*b, /ab, true",
        "/a*b, /axxb, true",
        "/a*b, /a/b, false",
        "/a*b, /abc, false",
        "/x**, /x/y/z, true",
        "/a.b, /axb, false",
        "/a.b, /a.b, true",
        "/a?b, /a?b, true",
        "/roblox/auth.checkVerification, /roblox/auth.checkVerification, true",
        "/roblox/auth.checkVerification, /roblox/auth.checkVerificationX, false",
    })
    void matchesSegmentsWithOneStarAndAnythingWithTwo(String pattern, String path, boolean matches) {
        assertThat(Glob.of(pattern).matches(path)).isEqualTo(matches);
    }

    @Test
    void manyDoubleStarsOnALongPathTakeOnePass() {
        // a regular expression of .*s backtracked: this took seconds (more stars, hours); the bound is far from both
        Glob pattern = Glob.of("/**a**a**a**a**a**a**a**a**b");
        String path = "/dock/" + "a".repeat(2_000);

        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> pattern.matches(path));

        assertThat(matched).isFalse();
        assertThat(pattern.matches(path + "b")).isTrue();
    }

    @Test
    void aPatternIsAPathOrAStar() {
        assertThatThrownBy(() -> Glob.of("dock/*")).hasMessageContaining("starts with /");
        assertThatThrownBy(() -> Glob.of(" ")).hasMessageContaining("must not be blank");
    }
}
