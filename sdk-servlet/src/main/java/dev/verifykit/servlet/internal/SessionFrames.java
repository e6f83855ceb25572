package dev.verifykit.servlet.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Server-Sent Events frames a relay writes to browsers: Dock's own {@code session} events (the
 * session object with Dock's field names, written anew from the client's model: fields it does not
 * know kept, their numbers as JSON numbers that may differ in form, {@code 3.0} for {@code 3}),
 * {@code retry:}, keep-alive comments, and a {@code relay-error}
 * event when following the session failed. A session event's id is derived from its data, so that a
 * browser reconnecting with {@code Last-Event-ID} is recognised by any relay, before or after the
 * upstream was reopened, and is sent only states it has not seen. A passing failure's
 * {@code relay-error}, the last event such a browser has, carries in its id the id of the last state
 * the browser had ({@link #lastStateSeen}).
 */
public final class SessionFrames {
    /** A keep-alive comment. */
    public static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
    /** A session event's id: {@code s-} and 12 bytes of its data's SHA-256, in hex. */
    private static final String STATE_ID = "s-[0-9a-f]{24}";
    private static final Pattern STATE = Pattern.compile(STATE_ID);
    /** A passing failure's {@code relay-error} id carrying a state's: {@code e-unavailable.s-…}. */
    private static final Pattern ERROR_AFTER_STATE = Pattern.compile("e-[a-z_]+\\.(" + STATE_ID + ")");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SessionFrames() {}

    /** One event as written, with its id. */
    public record Frame(String id, byte[] bytes) {}

    /** The bytes of these frames together. */
    static long bytes(List<Frame> frames) {
        long bytes = 0;
        for (Frame frame : frames) {
            bytes += frame.bytes().length;
        }
        return bytes;
    }

    /** The {@code retry:} field telling browsers how long to wait before reconnecting. */
    public static byte[] retry(Duration retry) {
        return ("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code session} event carrying the session with Dock's field names (see the class). */
    public static Frame session(DockSession session) {
        String data = JSON.toJson(toMap(session));
        String id = "s-" + digest(data);
        return new Frame(id, ("event: session\nid: " + id + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }


    /**
     * A {@code relay-error} event saying why the session is no longer followed, as a short code
     * ({@code poll_cap}, {@code not_found}, {@code timeout}, {@code refused}, {@code unavailable},
     * {@code closed}): never the exception's message. Its id is {@code e-<code>}: a lasting end's, kept
     * for the browsers that reconnect after it (one that has seen it is answered 204).
     */
    public static Frame error(Throwable failure) {
        return error(failure, null);
    }

    /**
     * The {@code relay-error} of a passing failure (not kept), told to a browser whose last state is
     * {@code lastState}: its id carries that state's ({@code e-unavailable.s-…}), so that the browser,
     * reconnecting with it, is sent only the states after that one ({@link #lastStateSeen}); without a
     * state (or with an id that is not one of a state) it is {@code e-<code>}.
     */
    static Frame error(Throwable failure, String lastState) {
        String code = codeOf(failure);
        String id = "e-" + code + (lastState != null && STATE.matcher(lastState).matches() ? "." + lastState : "");
        return new Frame(id, ("event: relay-error\nid: " + id + "\ndata: {\"error\":\"" + code + "\"}\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id of the last state a browser reconnecting with {@code lastEventId} has: the state's id a
     * passing failure's {@code relay-error} id carries, else {@code lastEventId} as it is (a state's, a
     * kept end's, or one not of this relay's, handled as unknown).
     */
    static String lastStateSeen(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        Matcher afterState = ERROR_AFTER_STATE.matcher(lastEventId);
        return afterState.matches() ? afterState.group(1) : lastEventId;
    }

    static String codeOf(Throwable failure) {
        if (failure instanceof PollCapException) {
            return "poll_cap";
        }
        if (failure instanceof NotFoundException) {
            return "not_found";
        }
        if (failure instanceof WaitTimeoutException) {
            return "timeout";
        }
        if (failure instanceof AuthenticationException || failure instanceof PermissionException) {
            return "refused";
        }
        if (failure instanceof ClientClosedException
                || failure instanceof WaitCancelledException cancelled && cancelled.clientClosed()) {
            return "closed";
        }
        return "unavailable";
    }

    /**
     * Whether an upstream's end by {@code failure} passes: Dock could not be reached or failed for a
     * while (no answer, a 5xx, an answer that was not Dock's, the shared store out of reach, or no
     * failure told), after which the next browser follows the session again; an end by a refusal
     * (a rate limit, the poll cap, a missing session, credentials) or the wait's timeout lasts, and
     * is kept for the browsers that come after it.
     */
    public static boolean passing(Throwable failure) {
        return failure == null || failure instanceof TransportException || failure instanceof ServerException
                || failure instanceof MalformedResponseException || failure instanceof StoreUnavailableException;
    }

    /**
     * Whether an upstream's end by {@code failure} is its application shutting down: its client's waits
     * were ended from outside the relay (a {@link WaitCancelledException} that is not the client's
     * close, as a Spring Boot graceful shutdown ends them), which says nothing of the session. The relay
     * never cancels an upstream's wait itself (it closes the upstream), so its browsers' streams end as
     * at the relay's close: without a {@code relay-error} (the browser reconnects, to another instance),
     * and nothing is kept for the browsers that come after.
     */
    public static boolean shuttingDown(Throwable failure) {
        return failure instanceof WaitCancelledException cancelled && !cancelled.clientClosed();
    }

    /**
     * The session with Dock's field names and formats, as Dock's reads and stream events carry it
     * ({@code reusedExisting}, a create's, only when true); unknown fields kept, in a stable order.
     */
    static Map<String, Object> toMap(DockSession s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", s.id());
        map.put("pid", s.pid());
        map.put("clientId", s.clientId());
        map.put("guildId", s.guildId().orElse(null));
        map.put("status", s.status().raw());
        map.put("statusReason", s.statusReason().orElse(null));
        s.createdAt().ifPresent(at -> map.put("createdAt", format(at)));
        map.put("expiresAt", format(s.expiresAt()));
        map.put("terminalAt", s.terminalAt().map(SessionFrames::format).orElse(null));
        map.put("verifyUrl", s.verifyUrl());
        if (s.reusedExisting()) { // a create's answer only: Dock's reads and stream events carry no such field
            map.put("reusedExisting", true);
        }
        map.put("result", s.result().map(SessionFrames::toMap).orElse(null));
        new TreeMap<>(s.additionalProperties()).forEach(map::putIfAbsent);
        return map;
    }

    private static Map<String, Object> toMap(LinkResult r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("discordId", r.discordId());
        map.put("robloxId", r.robloxId());
        map.put("verifiedAt", r.verifiedAt() == null ? null : format(r.verifiedAt()));
        map.put("linkChanged", r.linkChanged());
        map.put("previousRobloxId", r.previousRobloxId().orElse(null));
        map.put("linkVersion", r.linkVersion());
        map.put("linkHash", r.linkHash());
        new TreeMap<>(r.additionalProperties()).forEach(map::putIfAbsent);
        return map;
    }

    private static String format(Instant at) {
        return TIMESTAMP.format(at);
    }

    private static String digest(String data) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
