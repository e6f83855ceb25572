package dev.verifykit.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.verifykit.http.EventStreamReader;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream layer under okhttp-sse's reader: retry values, streams that end after a lone CR, and size limits. */
class RetryFieldSourceTest {
    /** Found by EventStreamFuzzTest ("1*\r"): okhttp-sse's reader spun forever on a stream ending in a lone CR. */
    @ParameterizedTest
    @ValueSource(strings = {"1*\r", ":\r", "retry: 1500\r", "event: session\ndata: {}\n\n\r", "data: x\r"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aStreamEndingInALoneCrEndsWithTheSameEvents(String body) throws Exception {
        List<String> events = new ArrayList<>();
        List<Long> retries = new ArrayList<>();
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1:9/s").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(body, MediaType.get("text/event-stream"))).build();
        OkHttpEventStreamReader.INSTANCE.read(response, 1 << 20, new EventStreamReader.Handler() {
            @Override
            public void onEvent(String id, String type, String data) {
                events.add(type + ":" + data);
            }

            @Override
            public void onRetry(long millis) {
                retries.add(millis);
            }
        });
        if (body.startsWith("retry")) {
            assertThat(retries).containsExactly(1500L);
        }
        if (body.startsWith("event")) {
            assertThat(events).containsExactly("session:{}");
        }
    }

    /**
     * The last event ID as the SSE specification keeps it: set at every blank line (an event with
     * data or not), by the latest id field without a NUL (a bare {@code id} or {@code id:} empties
     * it), whatever the line endings; told only once an id came; a longer one than is kept is null.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void theLastEventIdIsToldAtEveryBlankLineAsTheSpecificationKeepsIt(String end) throws IOException {
        String stream = ": keep-alive" + end + end
                + "id: 1" + end + "data: a" + end + end
                + "id: 7" + end + end
                + "id: x\u0000y" + end + "data: b" + end + end
                + "id" + end + end
                + "id:2" + end + "data: c" + end + end
                + "id:" + end + end
                + "id: " + "9".repeat(1025) + end + end
                + "id:" + "9".repeat(1025) + end + end
                + "id: " + "9".repeat(1024) + end + end
                + "id: é1" + end + end
                + "id: 3" + end + "data: unterminated";
        List<String> told = new ArrayList<>();
        Okio.buffer(new RetryFieldSource(new Buffer().writeUtf8(stream), 1 << 20, millis -> {}, told::add)).readUtf8();
        assertThat(told).containsExactly("1", "7", "7", "", "2", "", null, null, "9".repeat(1024), "é1");
    }

    @Test
    void aLineMayBeAsLongAsTheLimitAndNoLonger() throws IOException {
        String atLimit = "data: " + "x".repeat(1018);
        String twoEvents = ": " + "c".repeat(1022) + "\n" + atLimit.substring(0, 1023) + "\n\n" + atLimit.substring(0, 1023) + "\r\n";
        RetryFieldSource fits = new RetryFieldSource(new Buffer().writeUtf8(twoEvents), 1024, millis -> {}, id -> {});
        assertThat(Okio.buffer(fits).readUtf8()).isEqualTo(twoEvents.replace("\r\n", "\n"));

        RetryFieldSource endless = new RetryFieldSource(new Buffer().writeUtf8("data: \n" + atLimit + "y"), 1024, millis -> {}, id -> {});
        assertThatThrownBy(() -> Okio.buffer(endless).readUtf8())
                .isInstanceOf(IOException.class)
                .hasMessage("an event stream line is longer than 1024 bytes");
    }

    @Test
    void anEventsDataMayBeAsLongAsTheLimitAndNoLonger() throws IOException {
        String line = "data: " + "x".repeat(93) + "\n"; // 100 bytes with its line ending
        String event = line.repeat(10) + "\n";
        RetryFieldSource fits = new RetryFieldSource(new Buffer().writeUtf8((": keep-alive\n" + event).repeat(50)), 1000, millis -> {}, id -> {});
        assertThat(Okio.buffer(fits).readUtf8()).hasSize(50 * (13 + event.length()));

        RetryFieldSource endless = new RetryFieldSource(new Buffer().writeUtf8(line.repeat(11)), 1000, millis -> {}, id -> {});
        assertThatThrownBy(() -> Okio.buffer(endless).readUtf8())
                .isInstanceOf(dev.verifykit.http.EventStreamReader.TooLargeException.class)
                .hasMessage("an event stream event's data is longer than 1000 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void everyLineEndingCountsTowardsTheEventAndABlankLineEndsIt(String end) throws IOException {
        String line = "data:" + "y".repeat(94) + end;
        RetryFieldSource blankLinesBetween = new RetryFieldSource(
                new Buffer().writeUtf8((line.repeat(9) + "id: 7" + end + end).repeat(40)), 1000, millis -> {}, id -> {});
        assertThat(Okio.buffer(blankLinesBetween).readUtf8()).isNotEmpty();

        RetryFieldSource noBlankLine = new RetryFieldSource(new Buffer().writeUtf8((line.repeat(9) + ": note" + end).repeat(2)), 1000, millis -> {}, id -> {});
        assertThatThrownBy(() -> Okio.buffer(noBlankLine).readUtf8()).isInstanceOf(dev.verifykit.http.EventStreamReader.TooLargeException.class);
    }

    @Test
    void commentsAndOtherFieldsDoNotCountAsData() throws IOException {
        String comments = (": " + "z".repeat(98) + "\nevent: session\nid: 1\n").repeat(100);
        RetryFieldSource source = new RetryFieldSource(new Buffer().writeUtf8(comments), 1000, millis -> {}, id -> {});
        assertThat(Okio.buffer(source).readUtf8()).isEqualTo(comments);
    }

    static Stream<String> lineEndings() {
        return Stream.of("\n", "\r", "\r\n");
    }

    /**
     * okhttp-sse reads an {@code id}, {@code event} or {@code retry} value up to an LF only: with CR
     * line endings the first such field took the rest of the stream (and failed at its end), so no
     * event came. Every ending now gives the same events, the CR LF of one line split across reads too.
     */
    @ParameterizedTest
    @MethodSource("lineEndings")
    void everyLineEndingGivesTheSameEventsAndRetry(String end) throws IOException {
        String body = String.join(end, ": keep-alive", "retry: 1500", "", "event: session", "id: 7", "data: {\"a\":1}",
                "data", "", "event: other", "id", "data: x", "", "");
        Read whole = read(new Buffer().writeUtf8(body));
        Read byteByByte = read(new OneByteAtATime(new Buffer().writeUtf8(body)));

        for (Read read : List.of(whole, byteByByte)) {
            assertThat(read.events).containsExactly("7|session|{\"a\":1}\n", "null|other|x");
            assertThat(read.retries).containsExactly(1500L);
        }
    }

    /** A byte order mark at the very start is dropped (okhttp-sse made the first field an unknown one). */
    @Test
    void aByteOrderMarkAtTheStartIsDroppedEvenSplitAcrossReads() throws IOException {
        String body = "\uFEFFevent: session\nid: 1\ndata: {}\n\n";

        assertThat(read(new Buffer().writeUtf8(body)).events).containsExactly("1|session|{}");
        assertThat(read(new OneByteAtATime(new Buffer().writeUtf8(body))).events).containsExactly("1|session|{}");
        // only one mark, only at the start; bytes that only begin like one are passed on
        assertThat(read(new Buffer().writeUtf8("\uFEFF\uFEFFevent: session\ndata: {}\n\n")).events)
                .containsExactly("null|null|{}");
        byte[] notAMark = {(byte) 0xEF, (byte) 0xBB, ':', '\n', 'd', 'a', 't', 'a', '\n', '\n'};
        RetryFieldSource passedOn = new RetryFieldSource(new OneByteAtATime(new Buffer().write(notAMark)), 100, millis -> {}, id -> {});
        assertThat(Okio.buffer(passedOn).readByteArray()).isEqualTo(notAMark);
        assertThat(read(new Buffer().writeUtf8("\uFEFF")).events).isEmpty();
    }

    /** A retry value is digits only; one too large for a long, in digits however many, is the largest (clamped by the client). */
    @Test
    void aRetryOfDigitsOnlyCountsAndAHugeOneIsTheLargest() throws IOException {
        String body = "retry: 12a\nretry:  5\nretry: -1\nretry\nretry: 250\nretry: " + "9".repeat(19)
                + "\nretry:" + "1".repeat(5000) + "\nretry: " + "1".repeat(100) + "x\n\n";

        assertThat(read(new Buffer().writeUtf8(body)).retries).containsExactly(250L, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * A retry value is read in base ten, as the SSE specification says, so leading zeros add nothing:
     * {@code retry: 00000000000000002000} is 2 s, a value a {@code long} holds (EventStreamReader's
     * contract keeps {@link Long#MAX_VALUE} for one too large for it), not the longest wait there is.
     */
    @Test
    void aRetryWithLeadingZerosIsTheNumberItsDigitsMake() throws IOException {
        String body = "retry: " + "0".repeat(16) + "2000\nretry:" + "0".repeat(40) + "1500\nretry: 000\nretry:0 5\n\n";

        assertThat(read(new Buffer().writeUtf8(body)).retries).containsExactly(2000L, 1500L, 0L);
    }

    private record Read(List<String> events, List<Long> retries) {}

    private static Read read(Source body) throws IOException {
        Read read = new Read(new ArrayList<>(), new ArrayList<>());
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1:9/s").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(Okio.buffer(body), MediaType.get("text/event-stream"), -1)).build();
        OkHttpEventStreamReader.INSTANCE.read(response, 1 << 20, new EventStreamReader.Handler() {
            @Override
            public void onEvent(String id, String type, String data) {
                read.events.add(id + "|" + type + "|" + data);
            }

            @Override
            public void onRetry(long millis) {
                read.retries.add(millis);
            }
        });
        return read;
    }

    /** A source that gives one byte per read, as a slow network may. */
    private static final class OneByteAtATime extends ForwardingSource {
        OneByteAtATime(Source delegate) {
            super(delegate);
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            return super.read(sink, Math.min(byteCount, 1));
        }
    }
}
