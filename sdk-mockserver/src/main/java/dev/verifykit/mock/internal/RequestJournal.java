package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.internal.fault.Glob;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/** Every request the mock received, oldest first, keeping the most recent {@value #CAPACITY}. */
public final class RequestJournal implements MockJournal {
    static final int CAPACITY = 10_000;
    /** The most kept of a path, a query or a header's value, in characters (a request's are not bounded). */
    static final int MAX_TEXT = 8_192;
    /** The most kept of a request's headers, names and values, in characters; later headers are left out. */
    static final int MAX_HEADERS = 32_768;
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization",
            "x-verification-secret", "cookie");
    /**
     * A {@code "code"} member's value in JSON, or what the body limit left of it: a string (group 2
     * its opening quote, group 3 its closing one) or a number, a flat array or a flat object (a code
     * sent in a form the RPC refuses is still live). The name's letters may be written as JSON escapes (a backslash,
     * {@code u00} and the letter's hex code), which {@code JSON.parse} and the RPC read as the letters.
     */
    private static final Pattern CODE = Pattern.compile("(\"" + jsonLetter('c') + jsonLetter('o') + jsonLetter('d')
            + jsonLetter('e') + "\"\\s*:\\s*)(?:(\")(?:[^\"\\\\]|\\\\.?)*(\"?)|-?[0-9][0-9.eE+-]*|\\[[^\\]]*\\]?|\\{[^}]*\\}?)");
    /** A JWT up to its signature (group 1), and the signature, or what the body limit left of it. */
    private static final Pattern JWT = Pattern.compile("(eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.)[A-Za-z0-9_-]+");

    private final int bodyLimit;
    private final ArrayDeque<MockJournalEntry> entries = new ArrayDeque<>();
    private long sequence;
    /** When the journal was last cleared ({@code System.nanoTime()}); requests received before are not recorded. */
    private long clearedNanos = System.nanoTime();
    private long clearedBy = -1;

    /**
     * When a request arrived ({@code System.nanoTime()}) and its sequence number, taken together so that both
     * follow the order of arrival, also for a request recorded long after (a held long-poll).
     */
    public static final class Arrival {
        private final long nanos;
        private long sequence;

        private Arrival(long nanos, long sequence) {
            this.nanos = nanos;
            this.sequence = sequence;
        }
    }

    /** The arrival of the request the current thread answers, until it is recorded: the one a clear may come from. */
    private final ThreadLocal<Arrival> answering = new ThreadLocal<>();

    public RequestJournal(int bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    /** Takes the arrival of a request the current thread starts answering, to {@link #add} it with once answered. */
    public synchronized Arrival arrive() {
        Arrival arrival = new Arrival(System.nanoTime(), ++sequence);
        answering.set(arrival);
        return arrival;
    }

    /**
     * Records a request with the sequence number of its {@linkplain #arrive() arrival}. A request received
     * before the last {@link #clear()} (a reset) is not recorded, as it belongs to what was forgotten,
     * unless it is the control-plane request that cleared (recorded after it is answered, on the same thread).
     */
    public synchronized void add(Instant receivedAt, Arrival arrival, String service, String method, String path,
                                 String query, Headers headers, byte[] body, long bodySize, int status, String faultRule,
                                 String fault) {
        answering.remove();
        long receivedNanos = arrival.nanos;
        if (receivedNanos - clearedNanos < 0 && Thread.currentThread().getId() != clearedBy) {
            return;
        }
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new MockJournalEntry(arrival.sequence, receivedAt, receivedNanos, service, method, cut(path),
                withoutSignatures(queryWithoutCodes(service, path, cut(query))), redacted(headers),
                withoutCodes(service, path, withoutSignatures(text(body))),
                bodySize, bodySize > Math.min(body.length, bodyLimit), status, faultRule, fault));
        notifyAll();
    }

    /** As the interface's, woken by each request recorded rather than looking every 10 ms. */
    @Override
    public synchronized List<MockJournalEntry> await(MockJournalQuery query, int count, Duration timeout)
            throws InterruptedException {
        return JournalWait.await(this, query, count, timeout, left -> TimeUnit.NANOSECONDS.timedWait(this, left));
    }

    @Override
    public synchronized List<MockJournalEntry> entries() {
        List<MockJournalEntry> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparingLong(MockJournalEntry::receivedNanos));
        return List.copyOf(copy);
    }

    @Override
    public List<MockJournalEntry> find(MockJournalQuery query) {
        Glob path = query.path() == null ? null : Glob.of(query.path());
        List<MockJournalEntry> out = new ArrayList<>();
        for (MockJournalEntry e : entries()) {
            if ((query.service() == null || query.service().equalsIgnoreCase(e.service()))
                    && (query.method() == null || query.method().equalsIgnoreCase(e.method()))
                    && (path == null || path.matches(e.path()))
                    && (query.status() == null || query.status() == e.status())
                    && (query.since() == null || !e.receivedAt().isBefore(query.since()))
                    && (query.faulted() == null || query.faulted() == e.faulted())) {
                out.add(e);
            }
        }
        if (query.limit() != null && out.size() > query.limit()) {
            out = out.subList(out.size() - query.limit(), out.size());
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized int clear() {
        int n = entries.size();
        entries.clear();
        sequence = 0;
        Arrival clearing = answering.get();
        if (clearing != null) {
            clearing.sequence = ++sequence; // the control-plane request that clears is the first entry after it
        }
        clearedNanos = System.nanoTime();
        clearedBy = Thread.currentThread().getId();
        return n;
    }

    private String text(byte[] body) {
        int n = Math.min(body.length, bodyLimit);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(n + 1);
        decoder.decode(ByteBuffer.wrap(body, 0, n), out, true);
        out.flip();
        String s = out.toString();
        // a multi-byte character cut at the limit decodes as U+FFFD: drop it
        return n < body.length && s.endsWith("\uFFFD") ? s.substring(0, s.length() - 1) : s;
    }

    /** A JWT without its signature is no credential, and its claims still show what was sent. */
    private static String withoutSignatures(String text) {
        return text == null || !text.contains("eyJ") ? text : JWT.matcher(text).replaceAll("$1[redacted]");
    }

    /**
     * A verification code is a credential until used or expired (who has it can link their own account), so
     * the bodies that carry one, the RPC's and the control plane's completion, keep everything but its value.
     */
    private static String withoutCodes(String service, String path, String text) {
        if (!carriesCodes(service, path)) {
            return text;
        }
        return CODE.matcher(text).replaceAll(code -> Matcher.quoteReplacement(code.group(1)
                + (code.group(2) == null ? "[redacted]" : "\"[redacted]" + code.group(3))));
    }

    /** A letter of a JSON member name as written: itself or its escape (backslash, {@code u00}, hex in either case). */
    private static String jsonLetter(char letter) {
        return "(?:" + letter + "|\\\\u00(?i:" + Integer.toHexString(letter) + "))";
    }

    private static boolean carriesCodes(String service, String path) {
        return service.equals("roblox") || path.startsWith("/_mock/roblox/");
    }

    /**
     * The query of a request that may carry a code (an RPC sent in tRPC's GET form, {@code ?input=…}) with
     * each parameter's code redacted as in a body: a parameter that held one is decoded, its code masked,
     * and it is encoded again only where a query needs it ({@code % & + #}, spaces, controls and
     * non-ASCII), so it stays readable; the other parameters are kept as sent.
     */
    private static String queryWithoutCodes(String service, String path, String query) {
        if (query == null || !carriesCodes(service, path)) {
            return query;
        }
        List<String> out = new ArrayList<>();
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String decoded = valueOf(parameter);
            String masked = withoutCodes(service, path, decoded);
            out.add(masked.equals(decoded) ? parameter : parameter.substring(0, equals + 1) + queryEncoded(masked));
        }
        return String.join("&", out);
    }

    /** The value of one {@code name=value} parameter as the services read it (OkHttp's {@link HttpUrl}). */
    private static String valueOf(String parameter) {
        String value = new HttpUrl.Builder().scheme("http").host("journal").encodedQuery(parameter).build()
                .queryParameterValue(0);
        return value == null ? "" : value;
    }

    private static String queryEncoded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == '&' || c == '+' || c == '#') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    private static Map<String, List<String>> redacted(Headers headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int kept = 0;
        for (int i = 0; i < headers.size(); i++) {
            String name = cut(headers.name(i).toLowerCase(Locale.ROOT));
            String value = cut(headers.value(i));
            kept += name.length() + value.length();
            if (kept > MAX_HEADERS) {
                break;
            }
            if (SECRET_HEADERS.contains(name)) {
                value = value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer [redacted]" : "[redacted]";
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }
}
