package dev.verifykit.mock;

import java.time.Instant;

/**
 * A snapshot of a Dock session held by the mock, as the control plane sees it.
 *
 * <pre>{@code
 * MockDockSession done = server.dock().complete(sessionId);
 * assertThat(done.status()).isEqualTo("completed");
 * assertThat(done.linkVersion()).isEqualTo(1);
 * }</pre>
 *
 * @param id the session id ({@code vsn_…})
 * @param pid the pid the session belongs to
 * @param clientId the caller's client id
 * @param status {@code pending}, {@code completed} or {@code expired}
 * @param expiresAt when a pending session expires
 * @param discordId the linked Discord id once completed, else {@code null}
 * @param robloxId the linked Roblox id once completed, else {@code null}
 * @param linkVersion the link version once completed, else 0
 * @param linkChanged whether completion changed the Discord user's Roblox account
 * @param guildId the guild id given at creation, or {@code null}
 * @param statusReason {@code lifetime_exceeded} when expired by time, else {@code null}
 * @param createdAt when the session was created
 * @param terminalAt when the session ended, or {@code null} while pending
 * @param previousRobloxId the Roblox id linked before, when {@code linkChanged}
 * @param linkHash the result's {@code linkHash} once completed, else {@code null}
 * @param verifyUrl the page where a person completes the session
 */
public record MockDockSession(String id, String pid, String clientId, String status, Instant expiresAt,
                              String discordId, String robloxId, int linkVersion, boolean linkChanged,
                              String guildId, String statusReason, Instant createdAt, Instant terminalAt,
                              String previousRobloxId, String linkHash, String verifyUrl) {

    /** Whether the session is still {@code pending}. */
    public boolean isPending() {
        return "pending".equals(status);
    }
}
