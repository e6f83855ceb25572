package dev.verifykit.event;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A wait ended, and how.
 *
 * <p>In your own tests: {@code WaitEnd.builder()…build()} ({@code outcome}, {@code attempts}, {@code pollsUsed} and {@code duration} are required).
 */
@Model
@Value.Immutable
public abstract class WaitEnd {
    WaitEnd() {}

    /** A builder; {@code outcome}, {@code attempts}, {@code pollsUsed} and {@code duration} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** How the wait ended. */
    public abstract WaitOutcome outcome();

    /**
     * Requests the wait made: those it sent, as its failure's {@code WaitException.attempts()} counts
     * them. An end known without asking (a Roblox session past its end answered {@code Expired}, a Dokai
     * wait given up after its read past {@code expires_at}) is not a request.
     */
    public abstract int attempts();

    /**
     * At the wait's end, the session's reads as this client counts them: for Dock, every read of the
     * session (its waits', stream opens and retrieves, those of the clients sharing its guardrail store
     * included), as its poll cap counts them; for Roblox, every check of the session by this client
     * ({@code checkVerification} included); for Dokai, this wait's reads. Where no poll cap applies
     * (Roblox, Dokai), a turn that ended the wait without a request counts too.
     */
    public abstract int pollsUsed();

    /** The session's poll cap, when its plan has one (Dock); empty otherwise. */
    public abstract OptionalInt pollCap();

    /** From the wait's start to its end. */
    public abstract Duration duration();

    /**
     * The failure the wait ends with; empty when it completed, and when its caller cancelled it (a
     * {@code CancellationException}, not a {@link VerifyKitException}) or completed it itself.
     */
    public abstract Optional<VerifyKitException> failure();

    /** Builds a {@link WaitEnd}, for your tests and fakes. */
    public static final class Builder extends WaitEndValue.Builder {
        Builder() {}
    }
}
