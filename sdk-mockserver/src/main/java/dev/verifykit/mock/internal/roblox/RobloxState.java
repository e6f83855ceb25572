package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MockRobloxUser;
import dev.verifykit.mock.RobloxControl;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.Timestamps;
import dev.verifykit.mock.internal.JavaScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * All Roblox state behind one monitor: sessions, active codes, the user directory and the three
 * sliding-window limits. The RPC, the Java control surface and the HTTP control plane share it; it
 * answers in domain terms (snapshots, a {@link Verification}, a {@link Token}, or a
 * {@link CompletionRefused}, {@link RateLimited} or {@link InvalidToken} refusal), which
 * {@link RobloxService} and the control plane turn into their wire formats.
 */
public final class RobloxState implements RobloxControl {

    private final RobloxSettings settings;
    private final Clock clock;
    private final Jwt jwt;
    private final CodeSource codes;
    private final byte[] verificationSecret;

    private final Map<String, RobloxSession> sessions = new HashMap<>();
    /** The id of the session each active code belongs to. */
    private final Map<String, String> activeCodes = new HashMap<>();
    private final UserDirectory users = new UserDirectory();
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private Instant nextSweep;
    private final SlidingWindow checks;
    private final SlidingWindow completions;
    private final SlidingWindow refreshes;
    private int begun;

    public RobloxState(RobloxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.jwt = new Jwt(settings.jwtSecret());
        // Drawn from Ids' generator, made at the first code rather than at the mock's start: a JVM's
        // first SecureRandom sets up the security providers (milliseconds of a first start).
        this.codes = new CodeSource(Ids::nextLong, settings.forceHexCodes());
        this.verificationSecret = settings.verificationSecret().getBytes(StandardCharsets.UTF_8);
        this.checks = new SlidingWindow(settings.checkLimit(), settings.checkWindow());
        this.completions = new SlidingWindow(settings.completeLimit(), settings.completeWindow());
        this.refreshes = new SlidingWindow(settings.refreshLimit(), settings.refreshWindow());
    }

    RobloxSettings settings() {
        return settings;
    }

    /** The clock as the real server reads it: {@link Timestamps#now}. */
    private Instant now() {
        return Timestamps.now(clock);
    }

    // --- the RPC ---

    /** A new session and its code, which replaces an expired session with the same code. */
    synchronized MockRobloxSession begin() {
        Instant now = now();
        sweep(now);
        String code = codes.next(candidate -> {
            RobloxSession holder = byCode(candidate);
            return holder != null && !holder.isExpired(now);
        });
        RobloxSession replaced = byCode(code);
        if (replaced != null) {
            sessions.remove(replaced.id());
        }
        RobloxSession session = new RobloxSession(UUID.randomUUID().toString(), code,
                now.plus(settings.sessionLifetime()), null, null);
        sessions.put(session.id(), session);
        activeCodes.put(code, session.id());
        begun++;
        return session.snapshot(now);
    }

    /**
     * Where the session stands; an expired one is cleaned up.
     *
     * @throws RateLimited over the check limit of the session id
     */
    synchronized Verification check(String sessionId) {
        Instant now = now();
        sweep(now);
        checks.admit(sessionId, now);
        RobloxSession session = sessions.get(sessionId);
        if (session == null || session.isExpired(now)) {
            if (session != null) {
                forget(session);
            }
            return new Verification.Expired();
        }
        return session.user() != null ? new Verification.Verified(new Token(session.jwt(), session.user()))
                : new Verification.Pending(session.code(), session.expiresAt());
    }

    /** Whether {@code secret} is the verification secret, compared in constant time. */
    boolean isVerificationSecret(String secret) {
        return secret != null
                && MessageDigest.isEqual(verificationSecret, secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A game server's completion.
     *
     * @throws RateLimited over the completion limit of the user
     * @throws CompletionRefused when the code or the user does not allow it
     */
    synchronized void completeByGameServer(String code, String robloxUserId) {
        completions.admit(robloxUserId, now());
        completeOrRefuse(code, robloxUserId);
    }

    /**
     * A fresh token for the user a validly signed (even expired) token names, read again from the directory.
     *
     * @throws InvalidToken when the signature or the payload is not usable
     * @throws RateLimited over the refresh limit of the user
     * @throws CompletionRefused when the directory has no such user now, or no headshot for it
     */
    synchronized Token refresh(String token) {
        Map<?, ?> claims = jwt.verify(token).orElseThrow(() -> new InvalidToken("Invalid session"));
        if (!(claims.get("robloxUserId") instanceof String robloxUserId)
                || !Input.DIGITS.matcher(robloxUserId).matches()) {
            throw new InvalidToken("Invalid session payload");
        }
        Instant now = now();
        refreshes.admit(robloxUserId, now);
        MockRobloxUser user = users.lookUp(robloxUserId);
        return new Token(issue(user, now), user);
    }

    // --- the control surface ---

    /**
     * Completes the session of an active code for a user in the directory.
     *
     * @throws CompletionRefused with the reason it could not
     */
    public synchronized MockRobloxSession completeOrRefuse(String code, String robloxUserId) {
        Instant now = now();
        RobloxSession session = byCode(code);
        if (session == null) {
            throw new CompletionRefused(CompletionRefused.Reason.UNKNOWN_CODE);
        }
        if (session.isExpired(now)) {
            forget(session);
            throw new CompletionRefused(CompletionRefused.Reason.EXPIRED_CODE);
        }
        MockRobloxUser user = users.lookUp(robloxUserId);
        RobloxSession verified = session.verified(user, issue(user, now));
        sessions.put(verified.id(), verified);
        activeCodes.remove(code);
        return verified.snapshot(now);
    }

    /**
     * The trimmed code, after checking the arguments as the RPC's validator does.
     *
     * @throws IllegalArgumentException when the code is not 6 to 12 characters or the id is not digits
     */
    public static String completionCode(String code, String robloxUserId) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(robloxUserId, "robloxUserId");
        String trimmed = JavaScript.trim(code);
        if (trimmed.length() < 6 || trimmed.length() > 12) {
            throw new IllegalArgumentException("code must be 6 to 12 characters after trimming: " + code);
        }
        if (!Input.DIGITS.matcher(robloxUserId).matches()) {
            throw new IllegalArgumentException("robloxUserId must be digits: " + robloxUserId);
        }
        return trimmed;
    }

    /** A Roblox user id as the directory keeps it, a number: {@code 0261} is {@code 261}; other text as it is. */
    public static String userIdAsNumber(String robloxUserId) {
        return UserDirectory.canonical(robloxUserId);
    }

    @Override
    public MockRobloxSession complete(String code, String robloxUserId) {
        String trimmed = completionCode(code, robloxUserId);
        try {
            return completeOrRefuse(trimmed, robloxUserId);
        } catch (CompletionRefused e) {
            switch (e.reason()) {
                case UNKNOWN_CODE -> throw new NoSuchElementException(e.getMessage());
                case UNKNOWN_USER -> throw new NoSuchElementException(e.getMessage() + ": Roblox has no user "
                        + robloxUserId + " (registered as missing, or over 20 digits)");
                default -> throw new IllegalStateException(e.getMessage());
            }
        }
    }

    @Override
    public synchronized MockRobloxSession expire(String sessionId) {
        Instant now = now();
        RobloxSession session = sessions.get(sessionId);
        if (session == null) {
            throw new NoSuchElementException("No Roblox session " + sessionId);
        }
        if (session.isExpired(now)) {
            throw new IllegalStateException("Roblox session " + sessionId + " has already expired");
        }
        RobloxSession expired = session.expiredAt(now);
        sessions.put(expired.id(), expired);
        return expired.snapshot(now);
    }

    @Override
    public synchronized Optional<MockRobloxSession> session(String sessionId) {
        RobloxSession session = sessions.get(sessionId);
        return session == null ? Optional.empty() : Optional.of(session.snapshot(now()));
    }

    @Override
    public synchronized int sessionCount() {
        return begun;
    }

    @Override
    public synchronized MockRobloxUser registerUser(MockRobloxUser user) {
        return users.register(user);
    }

    @Override
    public synchronized void registerMissingUser(String robloxUserId) {
        users.registerMissing(robloxUserId);
    }

    @Override
    public synchronized MockRobloxUser registerUserWithoutHeadshot(String robloxUserId) {
        return users.registerWithoutHeadshot(robloxUserId);
    }

    @Override
    public synchronized Optional<MockRobloxUser> removeUser(String robloxUserId) {
        return users.remove(robloxUserId);
    }

    @Override
    public synchronized Optional<MockRobloxUser> user(String robloxUserId) {
        return users.find(robloxUserId);
    }

    @Override
    public synchronized List<MockRobloxUser> users() {
        return users.registered();
    }

    @Override
    public synchronized List<String> missingUsers() {
        return users.missing();
    }

    /** Forgets sessions, codes and rate-limit windows, and returns the directory to the seeded users, none missing. */
    public synchronized void reset() {
        sessions.clear();
        activeCodes.clear();
        checks.clear();
        completions.clear();
        refreshes.clear();
        begun = 0;
        users.reset();
        nextSweep = null; // due at once: a clock set back after the reset (MockServerExtension's) waited for the old time
    }

    private String issue(MockRobloxUser user, Instant now) {
        Map<String, Object> payload = RobloxJson.user(user);
        long iat = now.getEpochSecond();
        payload.put("iat", iat);
        payload.put("exp", iat + settings.jwtLifetime().getSeconds());
        return jwt.sign(payload);
    }

    /**
     * At most once a minute of the clock: forgets the sessions past their expiry (as the real server
     * cleans expired sessions up) and the rate-limit windows with no call left in them, so that
     * sessions begun and never checked again, and checks of made-up ids, do not add up.
     */
    private void sweep(Instant now) {
        if (nextSweep != null && now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        sessions.values().removeIf(session -> {
            boolean gone = session.isExpired(now);
            if (gone) {
                activeCodes.remove(session.code(), session.id());
            }
            return gone;
        });
        checks.forgetIdle(now);
        completions.forgetIdle(now);
        refreshes.forgetIdle(now);
    }

    /** How many sessions and rate-limit keys are remembered, for tests of the sweep. */
    synchronized int remembered() {
        return sessions.size() + checks.size() + completions.size() + refreshes.size();
    }

    private RobloxSession byCode(String code) {
        String id = activeCodes.get(code);
        return id == null ? null : sessions.get(id);
    }

    private void forget(RobloxSession session) {
        sessions.remove(session.id());
        activeCodes.remove(session.code(), session.id());
    }
}
