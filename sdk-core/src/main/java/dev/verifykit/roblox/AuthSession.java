package dev.verifykit.roblox;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.roblox.internal.Jwts;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in Roblox user: the JWT the RPC issued and the user it names. It reads its expiry from
 * the token's payload (the signature is the server's business), says when a refresh is due, and
 * refreshes itself through the client that made it.
 *
 * <pre>{@code
 * if (session.needsRefresh()) {
 *     session = session.refresh();
 * }
 * callApi(session.jwt());
 * }</pre>
 */
public final class AuthSession {
    private final String jwt;
    private final RobloxUser user;
    private final Instant expiresAt;
    private final Optional<Instant> issuedAt;
    private final RobloxVerificationClient client;
    /**
     * The client's monotonic clock ({@code scheduler().nanoTime()}) when this was made: the server's
     * clock had reached {@code iat} by then.
     */
    private final long madeAtNanos;

    /**
     * @param jwt the token, whose payload has an {@code exp} claim
     * @param user the user it names
     * @param client the client that refreshes it and whose clock and skew it uses
     * @throws ValidationException when the token has no readable expiry
     */
    public AuthSession(String jwt, RobloxUser user, RobloxVerificationClient client) {
        Require.notBlank("jwt", jwt);
        this.user = Require.present("user", user);
        this.client = Require.present("client", client);
        Jwts.Times times;
        try {
            times = Jwts.times(jwt);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("jwt", e.getMessage());
        }
        this.jwt = jwt;
        this.expiresAt = times.expiresAt();
        this.issuedAt = times.issuedAt();
        this.madeAtNanos = client.scheduler().nanoTime();
    }

    /** The token, for your API calls. */
    public String jwt() {
        return jwt;
    }

    /** The user it names. */
    public RobloxUser user() {
        return user;
    }

    /** When the token expires ({@code exp}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** When the token was issued ({@code iat}), when it says. */
    public Optional<Instant> issuedAt() {
        return issuedAt;
    }

    /**
     * When a refresh is due, on the server's clock (as {@code exp} is): the expiry less the client's
     * {@link RobloxVerificationClient#refreshSkew()}.
     */
    public Instant refreshAt() {
        return expiresAt.minus(client.refreshSkew());
    }

    /**
     * Whether a refresh is due now, by the server's clock: the client's {@link
     * RobloxVerificationClient#serverNow()}, and never earlier than the token's {@code iat} allows (the
     * server's clock had reached it before the client had the token, and has gone on since by the time
     * the client's monotonic clock counted), so a local clock minutes away from the server's, or
     * stepped to it meanwhile, neither keeps an expired token nor refreshes a fresh one.
     */
    public boolean needsRefresh() {
        return !serverNow().isBefore(refreshAt());
    }

    /** Whether the token has expired, by the server's clock as {@link #needsRefresh()} reads it. */
    public boolean isExpired() {
        return !serverNow().isBefore(expiresAt);
    }

    /**
     * The client's {@code serverNow()}, or {@code iat} plus the time since this was made (on the
     * monotonic clock: a step of the wall clock is no time that passed) when that is later.
     */
    private Instant serverNow() {
        Instant now = client.serverNow();
        if (issuedAt.isEmpty()) {
            return now;
        }
        Instant sinceIssued = issuedAt.get().plusNanos(client.scheduler().nanoTime() - madeAtNanos);
        return sinceIssued.isAfter(now) ? sinceIssued : now;
    }

    /**
     * A new session from {@code auth.refresh}; see {@link RobloxVerificationClient#refresh(String)}.
     * Each call sends a refresh, and the server allows 4 a user an hour: refresh a session once and
     * share the session it returns (requests on many threads that all see {@link #needsRefresh()} at
     * once, each refreshing, use them up).
     */
    public AuthSession refresh() {
        return client.refresh(jwt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthSession that && that.jwt.equals(jwt) && that.user.equals(user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jwt, user);
    }

    @Override
    public String toString() {
        return "AuthSession[jwt=[REDACTED], user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
