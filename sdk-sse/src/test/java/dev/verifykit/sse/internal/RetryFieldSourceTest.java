package dev.verifykit.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream layer under okhttp-sse's reader: retry values, and streams that end after a lone CR. */
class RetryFieldSourceTest {
    /** Found by EventStreamFuzzTest ("1*\r"): okhttp-sse's reader spun forever on a stream ending in a lone CR. */
    @ParameterizedTest
    @ValueSource(strings = {"1*\r", ":\r", "retry: 1500\r", "event: session\ndata: {}\n\n\r", "data: x\r"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aStreamEndingInALoneCrEndsWithTheSameEvents(String body) throws Exception {
        RetryFieldSource source = new RetryFieldSource(new Buffer().writeUtf8(body), 1 << 20);
        List<String> events = new ArrayList<>();
        ServerSentEventReader reader = new ServerSentEventReader(Okio.buffer(source), new ServerSentEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {
                events.add(type + ":" + data);
            }

            @Override
            public void onRetryChange(long timeMs) {}
        });
        while (reader.processNextEvent()) {
            // read to the end
        }
        if (body.startsWith("retry")) {
            assertThat(source.retryMillis()).isEqualTo(1500);
        }
        if (body.startsWith("event")) {
            assertThat(events).containsExactly("session:{}");
        }
    }

    @Test
    void aLineMayBeAsLongAsTheLimitAndNoLonger() throws IOException {
        String atLimit = "data: " + "x".repeat(1018);
        RetryFieldSource fits = new RetryFieldSource(new Buffer().writeUtf8(atLimit + "\n" + atLimit + "\r\n"), 1024);
        assertThat(Okio.buffer(fits).readUtf8()).isEqualTo(atLimit + "\n" + atLimit + "\r\n");

        RetryFieldSource endless = new RetryFieldSource(new Buffer().writeUtf8("data: \n" + atLimit + "y"), 1024);
        assertThatThrownBy(() -> Okio.buffer(endless).readUtf8())
                .isInstanceOf(IOException.class)
                .hasMessage("an event stream line is longer than 1024 bytes");
    }
}
