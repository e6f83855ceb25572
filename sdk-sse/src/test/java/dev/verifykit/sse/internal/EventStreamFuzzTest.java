package dev.verifykit.sse.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.MalformedResponseException;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Arbitrary bytes as a session stream body, read the way a session stream reads one: by
 * {@link OkHttpEventStreamReader} (through {@link RetryFieldSource} into okhttp-sse), each
 * {@code session} event's data decoded by the Dock client's reader. A malformed event is a
 * {@link MalformedResponseException}; a stream cut inside a
 * line fails with an {@code IOException} (a TransportException, then a reopen); nothing else may escape,
 * no input may hang the reader, and {@code retry:} is either absent (-1) or a non-negative number.
 */
class EventStreamFuzzTest {
    private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");
    private static final Request REQUEST = new Request.Builder()
            .url("http://127.0.0.1:9/dock/v2/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1/stream").build();
    private static final DockClient DOCK = DockClient.builder().apiKey("dock_test_free")
            .baseUrl("http://127.0.0.1:9/dock").build();

    @FuzzTest(maxDuration = "3m")
    void streamBodies(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        Response response = new Response.Builder().request(REQUEST).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(bytes, EVENT_STREAM)).build();
        long[] retry = {-1};
        try {
            OkHttpEventStreamReader.INSTANCE.read(response, 1 << 20, new EventStreamReader.Handler() {
                @Override
                public void onEvent(String id, String type, String payload) {
                    if ("session".equals(type)) {
                        try {
                            DockInternals.streamedSession(DOCK, payload).toString();
                        } catch (MalformedResponseException expected) {
                            // reported to the listener as a typed error
                        }
                    }
                }

                @Override
                public void onRetry(long millis) {
                    retry[0] = millis;
                }
            });
        } catch (IOException expected) {
            // a stream that fails, fails with an IOException
        }
        if (retry[0] < -1) {
            throw new AssertionError("retry: " + retry[0]);
        }
    }
}
