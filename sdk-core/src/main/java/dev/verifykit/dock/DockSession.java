package dev.verifykit.dock;

import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import dev.verifykit.json.OpenEnum;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Dock verification session as the service returned it. Fields the service adds that this
 * version does not know are kept in {@link #additionalProperties()}. The client's own secrets (its
 * API key) are masked in a session's text as in a server's text, should the server reflect them.
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
 * <p>In your own tests, build one: {@code DockSession.builder().id("vsn_1").status(DockSessionStatus.PENDING)
 * .expiresAt(instant).build()} ({@code id}, {@code status} and {@code expiresAt} are required).
 */
@Model
@Value.Immutable
public abstract class DockSession {
    DockSession() {}

    /** A builder; {@code id}, {@code status} and {@code expiresAt} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this session's values. */
    public abstract Builder toBuilder();

    /** The session id ({@code vsn_…}). */
    public abstract String id();

    /** The public identifier the session belongs to ({@code null} when the service left it out). */
    @Model.Nullable
    public abstract String pid();

    /** Your id for the user, returned as you sent it ({@code null} when the service left it out). */
    @Model.Nullable
    public abstract String clientId();

    /** The Discord guild, when one was given. */
    public abstract Optional<String> guildId();

    /** The state. */
    public abstract OpenEnum<DockSessionStatus> status();

    /** Why the session ended, e.g. {@code "lifetime_exceeded"}. */
    public abstract Optional<String> statusReason();

    /** When the session was created (absent from some create responses). */
    public abstract Optional<Instant> createdAt();

    /** When the session expires if not completed. */
    public abstract Instant expiresAt();

    /** When the session left {@code pending}. */
    public abstract Optional<Instant> terminalAt();

    /**
     * Where to send the user ({@code null} when the service left it out): an absolute {@code http} or
     * {@code https} URL; an answer giving another (a {@code javascript:} URL, say) is a
     * {@code MalformedResponseException}.
     */
    @Model.Nullable
    public abstract String verifyUrl();

    /** Whether create returned an existing pending session for this pid and client id ({@code false} when not said). */
    @Value.Default
    public boolean reusedExisting() {
        return false;
    }

    /** The link, once completed. */
    public abstract Optional<LinkResult> result();

    /**
     * Fields the service sent that this version does not know, as JSON values (strings, numbers as
     * {@code Double}, booleans, lists, maps, {@code null}); left out of {@code toString()}.
     */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Whether the user has not finished yet ({@code pending}). */
    public boolean isPending() {
        return status().is(DockSessionStatus.PENDING);
    }

    /** Whether the session completed with a link. */
    public boolean isCompleted() {
        return status().is(DockSessionStatus.COMPLETED);
    }

    /**
     * Whether the session has left {@code pending}: completed, expired, or a state this SDK does not
     * know, which is returned to the caller rather than waited on.
     */
    public boolean isTerminal() {
        return !isPending();
    }

    /**
     * Its fields, as Immutables prints them ({@code additionalProperties} left out), with the server's
     * text escaped (<code>&#92;u001B</code>) as in every message: the fields keep it as it came.
     */
    @Override
    public String toString() {
        return ModelText.of("DockSession", "id", id(), "pid", pid(), "clientId", clientId(), "guildId", guildId(),
                "status", status(), "statusReason", statusReason(), "createdAt", createdAt(), "expiresAt", expiresAt(),
                "terminalAt", terminalAt(), "verifyUrl", verifyUrl(), "reusedExisting", reusedExisting(),
                "result", result(), "additionalProperties", ModelText.REDACTED);
    }

    /** Builds a {@link DockSession}, for your tests and fakes. */
    public static final class Builder extends DockSessionValue.Builder {
        Builder() {}

        /** The state, a known one. */
        public Builder status(DockSessionStatus value) {
            status(OpenEnum.known(value));
            return this;
        }
    }
}
