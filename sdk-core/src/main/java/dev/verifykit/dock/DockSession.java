package dev.verifykit.dock;

import dev.verifykit.json.OpenEnum;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dock verification session as the service returned it.
 *
 * <pre>{@code
 * DockSession session = dock.sessions().create(params);
 * redirect(session.verifyUrl());
 * DockSession done = dock.sessions().awaitCompletion(session.id());
 * switch (done.status().value()) {
 *     case COMPLETED -> store(done.clientId(), done.result().orElseThrow());
 *     case EXPIRED -> offerRetry();
 *     default -> log.warn("unexpected status {}", done.status().raw());
 * }
 * }</pre>
 *
 * @param id the session id ({@code vsn_…})
 * @param pid the public identifier the session belongs to
 * @param clientId your id for the user, returned as you sent it
 * @param guildId the Discord guild, when one was given
 * @param status the state
 * @param statusReason why the session ended, e.g. {@code "lifetime_exceeded"}
 * @param createdAt when the session was created (absent from some create responses)
 * @param expiresAt when the session expires if not completed
 * @param terminalAt when the session left {@code pending}
 * @param verifyUrl where to send the user
 * @param reusedExisting whether create returned an existing pending session for this pid and client id
 *     (never null; {@code false} when the service left it out)
 * @param result the link, once completed
 * @param idempotencyKey the key a create call sent (not part of the wire format; empty on reads)
 */
public record DockSession(
        String id,
        String pid,
        String clientId,
        Optional<String> guildId,
        OpenEnum<DockSessionStatus> status,
        Optional<String> statusReason,
        Optional<Instant> createdAt,
        Instant expiresAt,
        Optional<Instant> terminalAt,
        String verifyUrl,
        Boolean reusedExisting,
        Optional<LinkResult> result,
        Optional<String> idempotencyKey) {

    /** Checks the required fields; absent optional ones are empty. */
    public DockSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        guildId = guildId == null ? Optional.empty() : guildId;
        statusReason = statusReason == null ? Optional.empty() : statusReason;
        createdAt = createdAt == null ? Optional.empty() : createdAt;
        terminalAt = terminalAt == null ? Optional.empty() : terminalAt;
        reusedExisting = Boolean.TRUE.equals(reusedExisting);
        result = result == null ? Optional.empty() : result;
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }

    /** Whether the user has not finished yet ({@code pending}). */
    public boolean isPending() {
        return status.is(DockSessionStatus.PENDING);
    }

    /** Whether the session completed with a link. */
    public boolean isCompleted() {
        return status.is(DockSessionStatus.COMPLETED);
    }

    /**
     * Whether the session has left {@code pending}: completed, expired, or a state this SDK does not
     * know, which is returned to the caller rather than waited on.
     */
    public boolean isTerminal() {
        return !isPending();
    }

    /** This session carrying the idempotency key its create call sent. */
    public DockSession withIdempotencyKey(String key) {
        return new DockSession(id, pid, clientId, guildId, status, statusReason, createdAt, expiresAt, terminalAt,
                verifyUrl, reusedExisting, result, Optional.of(key));
    }
}
