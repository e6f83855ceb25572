package dev.verifykit.mock;

import java.time.Instant;

/**
 * A snapshot of a Roblox code-verification session held by the mock, as the control plane sees it.
 *
 * <pre>{@code
 * MockRobloxSession done = server.roblox().complete(code, "156319135");
 * assertThat(done.status()).isEqualTo("verified");
 * assertThat(done.robloxUserId()).isEqualTo("156319135");
 * }</pre>
 *
 * @param sessionId the session id (a UUID)
 * @param code the code shown to the player (kept after verification)
 * @param status {@code pending}, {@code verified} or {@code expired}
 * @param expiresAt when the session expires (verified sessions too)
 * @param robloxUserId the verified user's id, or {@code null} until verified
 * @param jwt the JWT issued on verification, or {@code null} until verified
 */
public record MockRobloxSession(String sessionId, String code, String status, Instant expiresAt,
                                String robloxUserId, String jwt) {

    /** Whether the session is still {@code pending}. */
    public boolean isPending() {
        return "pending".equals(status);
    }

    /** Whether the session is {@code verified}. */
    public boolean isVerified() {
        return "verified".equals(status);
    }
}
