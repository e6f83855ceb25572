package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockFault;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/** Turns a service's reply into the response a fault makes of it. */
final class FaultedReply {

    private FaultedReply() {
    }

    /** A response that closes the connection before a byte is written. */
    static MockResponse reset() {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }

    static MockResponse shape(Reply reply, MockFault fault) {
        MockResponseBody stream = reply.streamBody();
        return switch (fault.kind()) {
            case RESET_BEFORE_RESPONSE -> reset();
            case RESET_MID_BODY -> stream instanceof EventStream events
                    ? cut(reply, events.cut(1, false))
                    : halfBody(reply);
            case TRUNCATE_BODY -> {
                byte[] bytes = reply.bodyBytes();
                int keep = fault.keep() < 0 ? bytes.length / 2 : Math.min(fault.keep(), bytes.length);
                yield reply.body(Arrays.copyOf(bytes, keep)).builder().build();
            }
            case DELAY_HEAD -> reply.builder().headersDelay(fault.delay().toNanos(), TimeUnit.NANOSECONDS).build();
            case THROTTLE_BODY -> reply.builder().throttleBody(fault.bytes(), fault.period().toNanos(),
                    TimeUnit.NANOSECONDS).build();
            case DROP_STREAM, STALL_STREAM -> stream instanceof EventStream events
                    ? cut(reply, events.cut(fault.events(), fault.kind() == MockFault.Kind.STALL_STREAM))
                    : reply.toMockResponse();
            default -> reply.toMockResponse();
        };
    }

    private static MockResponse cut(Reply reply, MockResponseBody body) {
        return reply.builder(body).onResponseEnd(new SocketEffect.CloseSocket()).build();
    }

    /** The full Content-Length, half the bytes, then the connection closes. */
    private static MockResponse halfBody(Reply reply) {
        byte[] bytes = reply.bodyBytes();
        MockResponseBody half = new MockResponseBody() {
            @Override
            public long getContentLength() {
                return bytes.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes, 0, bytes.length / 2);
                sink.flush();
            }
        };
        return reply.builder().body(half).setHeader("Content-Length", bytes.length)
                .onResponseEnd(new SocketEffect.CloseSocket()).build();
    }
}
