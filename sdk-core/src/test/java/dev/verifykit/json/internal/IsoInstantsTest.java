package dev.verifykit.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {
    @Test
    void theDirectReadingAgreesWithInstantParseForEveryFractionLength() {
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 1);
            int digits = random.nextInt(10);
            StringBuilder fraction = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                fraction.append((char) ('0' + random.nextInt(10)));
            }
            String whole = Instant.ofEpochSecond(seconds).toString();
            String text = whole.substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";

            assertThat(IsoInstants.parseUtc(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-01-01T23:60:00Z", "2026-01-01T00:00:61Z",
        "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-1-01T00:00:00Z",
        "2026-01-01T00:00:0xZ", "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00,5Z", "20260101T000000Z", "soon",
        // a character that is no digit in each field, the others valid: none is read as a value of its own
        "2x26-01-01T00:00:00Z", "-026-01-01T00:00:00Z", "2026-0x-01T00:00:00Z", "2026-01-0xT00:00:00Z",
        "2026-01-01T0x:00:00Z", "2026-01-01T00:0x:00Z", "2026-01-01T00:00:00.x5Z", "2026-01-01T00:00:00.12x456789Z"})
    void whatIsNotAnInstantIsRefusedAsInstantParseRefusesIt(String text) {
        assertThat(IsoInstants.parse(text)).as(text).isNull();
        assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
        assertThat(refusedByInstantParse(text)).as(text).isTrue();
    }

    @Test
    void otherValidFormsAreLeftToTheFormatters() {
        assertThat(IsoInstants.parseUtc("2026-01-01T00:00:00+01:00")).isNull();
        assertThat(IsoInstants.parse("2026-01-01T00:00:00+01:00")).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(IsoInstants.parse("2026-01-01t00:00:00z")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(IsoInstants.parse("2026-12-31T23:59:60Z")).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(IsoInstants.parse("2026-01-01T24:00:00Z")).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(IsoInstants.parse("2026-01-01T00:00:00.Z")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(IsoInstants.parse("2026-01-01T00:00:00.5-05:30")).isEqualTo(Instant.parse("2026-01-01T05:30:00.5Z"));
        // no seconds: ISO-8601's reduced precision, which only OffsetDateTime's formatter reads
        assertThat(IsoInstants.parse("2026-01-01T10:00+01:00")).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
    }

    private static boolean refusedByInstantParse(String text) {
        try {
            Instant.parse(text);
            return false;
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}
