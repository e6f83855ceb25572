package dev.verifykit.sse.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.internal.DefaultDockClient;
import dev.verifykit.error.MalformedResponseException;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Buffer;
import okio.Okio;

/**
 * Arbitrary bytes as a session stream body, read the way {@link StreamRun} reads one: through
 * {@link RetryFieldSource} into okhttp-sse's {@code EventSources.processResponse}, each
 * {@code session} event's data decoded by the Dock client. A malformed event is a
 * {@link MalformedResponseException}; a stream cut inside a line fails with an {@code IOException}
 * (which StreamRun turns into a TransportException and reopens after); nothing else may escape,
 * no input may hang the reader, and {@code retry:} is either absent (-1) or a non-negative number.
 */
class EventStreamFuzzTest {
    private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");
    private static final Request REQUEST = new Request.Builder()
            .url("http://127.0.0.1:9/dock/v2/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1/stream").build();
    private static final DefaultDockClient DOCK = (DefaultDockClient) DockClient.builder().apiKey("dock_test_free")
            .baseUrl("http://127.0.0.1:9/dock").build();

    @FuzzTest(maxDuration = "3m")
    void streamBodies(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        RetryFieldSource retry = new RetryFieldSource(new Buffer().write(bytes), 1 << 20);
        Response response = new Response.Builder().request(REQUEST).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(Okio.buffer(retry), EVENT_STREAM, -1)).build();
        EventSources.processResponse(response, new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String payload) {
                if ("session".equals(type)) {
                    try {
                        DOCK.parseStreamedSession(payload).toString();
                    } catch (MalformedResponseException expected) {
                        // reported to the listener as a typed error
                    }
                }
            }

            @Override
            public void onFailure(EventSource source, Throwable t, Response failed) {
                if (t != null && !(t instanceof java.io.IOException)) {
                    throw new AssertionError("the stream failed with something other than an IOException", t);
                }
            }
        });
        if (retry.retryMillis() < -1) {
            throw new AssertionError("retry: " + retry.retryMillis());
        }
    }
}
