package dev.verifykit.mock.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** ISO-8601 UTC timestamps as the services write them; {@code null} stays {@code null}. */
public final class Timestamps {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** RFC 9110's IMF-fixdate, the form of the {@code Date} header. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * The clock as the services read it (JavaScript's {@code Date.now()}): whole milliseconds, so that
     * windows, their hints and expiry count as theirs do, and a session expires at the millisecond
     * its {@code expiresAt} names.
     */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Always with milliseconds, e.g. {@code 2026-05-07T00:05:00.000Z} (Dock, the control plane). */
    public static String format(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
    }

    /** Whole seconds without a fraction ({@code 2026-03-12T10:30:00Z}), else the fraction needed (Dokai). */
    public static String compact(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** As a {@code Date} header, e.g. {@code Thu, 07 May 2026 00:05:00 GMT}. */
    public static String http(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
