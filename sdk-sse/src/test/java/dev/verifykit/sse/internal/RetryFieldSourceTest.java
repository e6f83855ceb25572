package dev.verifykit.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.verifykit.http.EventStreamReader;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
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

    @Test
    void aLineMayBeAsLongAsTheLimitAndNoLonger() throws IOException {
        String atLimit = "data: " + "x".repeat(1018);
        String twoEvents = ": " + "c".repeat(1022) + "\n" + atLimit.substring(0, 1023) + "\n\n" + atLimit.substring(0, 1023) + "\r\n";
        RetryFieldSource fits = new RetryFieldSource(new Buffer().writeUtf8(twoEvents), 1024, millis -> {});
        assertThat(Okio.buffer(fits).readUtf8()).isEqualTo(twoEvents);

        RetryFieldSource endless = new RetryFieldSource(new Buffer().writeUtf8("data: \n" + atLimit + "y"), 1024, millis -> {});
        assertThatThrownBy(() -> Okio.buffer(endless).readUtf8())
                .isInstanceOf(IOException.class)
                .hasMessage("an event stream line is longer than 1024 bytes");
    }

    @Test
    void anEventsDataMayBeAsLongAsTheLimitAndNoLonger() throws IOException {
        String line = "data: " + "x".repeat(93) + "\n"; // 100 bytes with its line ending
        String event = line.repeat(10) + "\n";
        RetryFieldSource fits = new RetryFieldSource(new Buffer().writeUtf8((": keep-alive\n" + event).repeat(50)), 1000, millis -> {});
        assertThat(Okio.buffer(fits).readUtf8()).hasSize(50 * (13 + event.length()));

        RetryFieldSource endless = new RetryFieldSource(new Buffer().writeUtf8(line.repeat(11)), 1000, millis -> {});
        assertThatThrownBy(() -> Okio.buffer(endless).readUtf8())
                .isInstanceOf(dev.verifykit.http.EventStreamReader.TooLargeException.class)
                .hasMessage("an event stream event's data is longer than 1000 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void everyLineEndingCountsTowardsTheEventAndABlankLineEndsIt(String end) throws IOException {
        String line = "data:" + "y".repeat(94) + end;
        RetryFieldSource blankLinesBetween = new RetryFieldSource(
                new Buffer().writeUtf8((line.repeat(9) + "id: 7" + end + end).repeat(40)), 1000, millis -> {});
        assertThat(Okio.buffer(blankLinesBetween).readUtf8()).isNotEmpty();

        RetryFieldSource noBlankLine = new RetryFieldSource(new Buffer().writeUtf8((line.repeat(9) + ": note" + end).repeat(2)), 1000, millis -> {});
        assertThatThrownBy(() -> Okio.buffer(noBlankLine).readUtf8()).isInstanceOf(dev.verifykit.http.EventStreamReader.TooLargeException.class);
    }

    @Test
    void commentsAndOtherFieldsDoNotCountAsData() throws IOException {
        String comments = (": " + "z".repeat(98) + "\nevent: session\nid: 1\n").repeat(100);
        RetryFieldSource source = new RetryFieldSource(new Buffer().writeUtf8(comments), 1000, millis -> {});
        assertThat(Okio.buffer(source).readUtf8()).isEqualTo(comments);
    }
}
