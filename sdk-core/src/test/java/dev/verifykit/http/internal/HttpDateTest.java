package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Date} headers; the epoch seconds were computed apart, with Python's {@code calendar.timegm}. */
class HttpDateTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Sun, 06 Nov 1994 08:49:37 GMT | 784111777", // RFC 9110's own example
        "Thu, 07 May 2026 00:01:30 GMT | 1778112090",
        "Sat, 29 Feb 2020 23:59:59 GMT | 1583020799",
        "Thu, 7 May 2026 00:01:30 GMT | 1778112090", // a one-digit day: the formatter's path
        "Thu, 07 May 2026 02:01:30 +0200 | 1778112090"})
    void readsAnHttpDate(String text, long epochSecond) {
        assertThat(HttpDate.parse(text)).isEqualTo(Instant.ofEpochSecond(epochSecond));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Thu, 07 Mai 2026 00:01:30 GMT", "Thu, 07 May 2026 24:01:30 GMT",
        "Thu, 0x May 2026 00:01:30 GMT", "Thursday, 07-May-26 00:01:30 GMT", "Thu May  7 00:01:30 2026",
        "2026-05-07T00:01:30Z"})
    void anythingElseIsNoDate(String text) {
        assertThat(HttpDate.parse(text)).isNull();
    }

    @Test
    void noHeaderIsNoDate() {
        assertThat(HttpDate.parse(null)).isNull();
    }
}
