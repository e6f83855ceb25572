package dev.verifykit.mock.internal.dock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md: "{@code linkHash} ({@code sha256-} + hex SHA-256 of
 * {@code pid:discordId:robloxId:linkVersion})". Computed outside Java with Python's
 * {@code hashlib.sha256(b"PID-FREE0001:123456789012345678:156319135:1").hexdigest()}.
 */
class LinkHashVectorTest {
    @Test
    void theLinkHashIsTheDocumentedDigest() {
        assertThat(LinkDataset.hash("PID-FREE0001", "123456789012345678", "156319135", 1))
                .isEqualTo("sha256-22d1b1f935e4922264f18ca28d332ba62e481728158cb631fe0e3a457cd59e48");
    }
}
