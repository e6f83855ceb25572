package dev.verifykit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A delivery key is hashed from its code points (core's {@code Wtf8}, tested there): UTF-8 for
 * well-formed text (keys unchanged), distinct for lone surrogates, which {@code getBytes(UTF_8)}
 * wrote as '?' (two deliveries, one key).
 */
class CodePointBytesTest {
    @Test
    void keysDifferingOnlyInALoneSurrogateHashApart() {
        assertThat(StoreSettings.hash("ver_\uD800")).isNotEqualTo(StoreSettings.hash("ver_\uDC00"))
                .isNotEqualTo(StoreSettings.hash("ver_?"));
        // computed outside the SDK (Python's hashlib over the UTF-8 bytes): keys made before are unchanged
        assertThat(StoreSettings.hash("event/ver_abc123/verification.completed")).isEqualTo("d36c0e0d686ced55959d95d21fb8b182");
    }
}
