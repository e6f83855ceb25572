package dev.verifykit.poll;

import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Where a wait stands after one of its requests.
 *
 * <pre>{@code
 * p.remaining().ifPresent(left -> bar.setText(left.toSeconds() + " s left"));
 * }</pre>
 *
 * <p>In your own tests: {@code WaitProgress.builder().attempts(1).pollsUsed(1).elapsed(Duration.ZERO)
 * .lastStatus("pending").build()} ({@code attempts}, {@code pollsUsed}, {@code elapsed} and
 * {@code lastStatus} are required).
 */
@Model
@Value.Immutable
public abstract class WaitProgress {
    WaitProgress() {}

    /** A builder; {@code attempts}, {@code pollsUsed}, {@code elapsed} and {@code lastStatus} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this progress's values. */
    public abstract Builder toBuilder();

    /** Requests this wait has made. */
    public abstract int attempts();

    /**
     * So far, the session's reads as this client counts them: for Dock, every read of the
     * session (its waits', stream opens and retrieves, those of the clients sharing its guardrail store
     * included), as its poll cap counts them; for Roblox, every check of the session by this client
     * ({@code checkVerification} included); for Dokai, this wait's reads. Where no poll cap applies
     * (Roblox, Dokai), a turn that ended the wait without a request counts too.
     */
    public abstract int pollsUsed();

    /** The session's poll cap, when the service has one. */
    public abstract OptionalInt pollCap();

    /** Time since the wait began. */
    public abstract Duration elapsed();

    /**
     * Time until the wait's deadline, or until the session's end when the service told one,
     * whichever comes first; empty when neither is known. That end is a Roblox verification
     * session's earliest end (its outcome is forgotten then), or a Dokai session's
     * {@code expires_at} on Dokai's clock and a grace of 5 s, after which the wait reads once more
     * (at its next read) to learn how the session ended. Around a Roblox session's end the wait may
     * check once more, within a few seconds, to learn how it ended.
     */
    public abstract Optional<Duration> remaining();

    /**
     * The status seen last ({@code "pending"}; a status the SDK does not know as the service sent it,
     * secrets masked and cut to 1,000 characters), or the failure that will be retried; for a session
     * stream's wait, how its last stream ended when it is reopened ({@code "stream closed"},
     * {@code "stream dropped"}).
     */
    public abstract String lastStatus();

    /**
     * When the wait's next request is planned, from now (the session's gate may hold it a little
     * longer); empty when none follows (the request was the last its {@code WaitOptions.maxRequests}
     * allows: the wait ends with its {@code PollCapException}; the next would come past the wait's
     * deadline: it ends with its {@code WaitTimeoutException}), and in a progress built without it.
     */
    public abstract Optional<Duration> nextRequestIn();

    /** Builds a {@link WaitProgress}, for your tests and fakes. */
    public static final class Builder extends WaitProgressValue.Builder {
        Builder() {}
    }
}
