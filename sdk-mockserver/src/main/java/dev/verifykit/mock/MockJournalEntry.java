package dev.verifykit.mock;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request the mock received, as recorded in its {@link MockJournal}.
 *
 * <pre>{@code
 * List<MockJournalEntry> creates = server.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"));
 * assertThat(creates).extracting(MockJournalEntry::idempotencyKey).containsOnly("key-1");
 * }</pre>
 *
 * @param sequence 1, 2, … in order of arrival since start or the last clear
 * @param receivedAt when it arrived, by the mock's clock
 * @param receivedNanos when it arrived, by {@link System#nanoTime()}, for measuring gaps in real time
 * @param service {@code dock}, {@code roblox}, {@code dokai}, {@code control} or {@code none} (no service at that path)
 * @param method the HTTP method
 * @param path the path including the service prefix, e.g. {@code /dock/v2/sessions}
 * @param query the raw query string without {@code ?}, or {@code null} when there was none; a JWT in it
 *              (as in {@code body}) without its signature; in a Roblox RPC or {@code /_mock/roblox} request,
 *              a parameter holding a verification {@code code} (tRPC's {@code ?input=}) decoded, the code's
 *              value {@code [redacted]}, and encoded again only where a query needs it
 * @param headers request headers by lower-case name; {@code authorization}, {@code proxy-authorization},
 *                {@code x-verification-secret} and {@code cookie} values are {@code [redacted]}
 *                ({@code Bearer [redacted]} for a bearer token)
 * @param body the body as UTF-8 text, cut after the journal's body limit (4096 bytes by default); a JWT
 *             in it keeps its header and claims, its signature is {@code [redacted]}; the value of a
 *             verification {@code code} in a Roblox RPC or {@code /_mock/roblox} body is {@code [redacted]}
 * @param bodySize the full body size in bytes
 * @param bodyTruncated whether {@code body} holds less than the body received (it was cut after the
 *                      journal's body limit; redaction alone does not count)
 * @param status the status the service answered with, or (with a fault that cut the response) would
 *               have answered; -1 when no response was made at all (an unprocessed reset)
 * @param faultRule the id of the fault rule that acted on it, or {@code null}
 * @param fault the fault that acted on it, in the compact syntax, or {@code null}
 */
public record MockJournalEntry(long sequence, Instant receivedAt, long receivedNanos, String service, String method,
                               String path, String query, Map<String, List<String>> headers, String body, long bodySize,
                               boolean bodyTruncated, int status, String faultRule, String fault) {

    /** The first value of a request header (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code Idempotency-Key} header, or {@code null}. */
    public String idempotencyKey() {
        return header("Idempotency-Key");
    }

    /** Whether a fault rule acted on this request. */
    public boolean faulted() {
        return faultRule != null;
    }
}
