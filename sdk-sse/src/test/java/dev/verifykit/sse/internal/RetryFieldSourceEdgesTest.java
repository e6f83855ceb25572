package dev.verifykit.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.http.EventStreamReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edges of the stream layer its class comment promises and no other test held (found by mutation
 * testing): the data bound counts every data line (a bare {@code data} too) with its ending, a
 * retry value past the part of the line kept counts only in digits (any of them), an 18-digit one is
 * its number, an id of exactly the longest length is told, one starting with a NUL is ignored, and
 * an oversized event reaches the reader's caller as a {@link EventStreamReader.TooLargeException}.
 */
class RetryFieldSourceEdgesTest {
    @Test
    void everyDataLineCountsTowardsTheEventWithItsLineEnding() {
        // two data lines of 6 bytes: 12 bytes of lines, 14 with their endings, over a limit of 11
        RetryFieldSource twoShortLines = new RetryFieldSource(new Buffer().writeUtf8("data:a\ndata:a\n"), 11, millis -> {}, id -> {});
        assertThatThrownBy(() -> Okio.buffer(twoShortLines).readUtf8())
                .isInstanceOf(EventStreamReader.TooLargeException.class)
                .hasMessage("an event stream event's data is longer than 11 bytes");

        // a bare "data" line adds an empty line to the event's data (okhttp-sse keeps a line ending for it)
        RetryFieldSource bareLines = new RetryFieldSource(new Buffer().writeUtf8("data\n".repeat(5)), 20, millis -> {}, id -> {});
        assertThatThrownBy(() -> Okio.buffer(bareLines).readUtf8())
                .isInstanceOf(EventStreamReader.TooLargeException.class)
                .hasMessage("an event stream event's data is longer than 20 bytes");
    }

    @Test
    void aRetryPastTheKeptPartOfItsLineCountsOnlyInDigits() throws IOException {
        String body = "retry: 1" + "0".repeat(40) + "\n"
                + "retry: " + "9".repeat(40) + "\n"
                + "retry: " + "1".repeat(40) + "x\n"
                + "retry: " + "1".repeat(40) + "/\n"
                + "retry: " + "1".repeat(40) + ":\n"
                + "retry: " + "9".repeat(18) + "\n\n";
        List<Long> retries = new ArrayList<>();
        Okio.buffer(new RetryFieldSource(new Buffer().writeUtf8(body), 1 << 20, retries::add, id -> {})).readUtf8();

        assertThat(retries).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE, 999_999_999_999_999_999L);
    }

    @Test
    void anIdOfTheLongestLengthIsToldAndOneStartingWithANulIsIgnored() throws IOException {
        String body = "id: 5\n\nid: \u0000x\n\nid:" + "7".repeat(1024) + "\n\n";
        List<String> told = new ArrayList<>();
        Okio.buffer(new RetryFieldSource(new Buffer().writeUtf8(body), 1 << 20, millis -> {}, told::add)).readUtf8();

        assertThat(told).containsExactly("5", "5", "7".repeat(1024));
    }

    @Test
    void anOversizedEventReachesTheCallerAsTooLarge() {
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1:9/s").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create("event: session\ndata: " + "x".repeat(200) + "\n\n", MediaType.get("text/event-stream")))
                .build();
        assertThatThrownBy(() -> OkHttpEventStreamReader.INSTANCE.read(response, 100, new EventStreamReader.Handler() {
            @Override
            public void onEvent(String id, String type, String data) {}

            @Override
            public void onRetry(long millis) {}
        })).isInstanceOf(EventStreamReader.TooLargeException.class)
                .hasMessage("an event stream line is longer than 100 bytes");
    }

    /**
     * An event over the limit is never delivered, even when all of it comes in the read that crosses
     * the limit: only the events before it may be ({@link EventStreamReader#read}). A line, or data
     * lines together, over the limit and the blank line ending their event came in one read of the
     * body, okhttp-sse dispatched the oversized event, and the failure came only at the next read.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void anEventOverTheLimitIsNeverDeliveredThoughItEndsInTheSameRead(int dataLines) {
        // one line of 206 bytes, or seven of 15 (112 bytes with their endings), over a limit of 100
        String oversized = (dataLines == 1 ? "data: " + "x".repeat(200) + "\n" : "data: xxxxxxxxx\n".repeat(dataLines)) + "\n";
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1:9/s").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create("data: small\n\n" + oversized, MediaType.get("text/event-stream")))
                .build();
        List<String> delivered = new ArrayList<>();
        assertThatThrownBy(() -> OkHttpEventStreamReader.INSTANCE.read(response, 100, new EventStreamReader.Handler() {
            @Override
            public void onEvent(String id, String type, String data) {
                delivered.add(data);
            }

            @Override
            public void onRetry(long millis) {}
        })).isInstanceOf(EventStreamReader.TooLargeException.class);
        assertThat(delivered).containsExactly("small");
    }
}
