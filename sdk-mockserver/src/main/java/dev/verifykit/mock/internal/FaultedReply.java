package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockFault;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import okio.Okio;

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
        if (fault instanceof MockFault.ResetBeforeResponse) {
            return reset();
        }
        if (fault instanceof MockFault.ResetMidBody) {
            return stream instanceof EventStream events ? cut(reply, events.cut(1, false)) : halfBody(reply);
        }
        if (fault instanceof MockFault.TruncateBody truncate) {
            byte[] bytes = reply.bodyBytes();
            int keep = truncate.keep() == null ? bytes.length / 2 : Math.min(truncate.keep(), bytes.length);
            return reply.body(Arrays.copyOf(bytes, keep)).builder().build();
        }
        if (fault instanceof MockFault.DelayHead delay) {
            return reply.builder().headersDelay(delay.delay().toNanos(), TimeUnit.NANOSECONDS).build();
        }
        if (fault instanceof MockFault.ThrottleBody throttle) {
            return reply.builder().throttleBody(throttle.bytes(), throttle.period().toNanos(), TimeUnit.NANOSECONDS)
                    .build();
        }
        if (fault instanceof MockFault.Stream cut && stream instanceof EventStream events) {
            return cut(reply, events.cut(cut.events(), cut instanceof MockFault.StallStream));
        }
        return reply.toMockResponse();
    }

    /**
     * A stream ending without its closing chunk: its bytes up to the cut, then the connection closes. Written by a
     * socket handler, since mockwebserver3 ends a chunked body with its trailer section (an empty line) before any
     * {@code onResponseEnd} effect, which a client reads as a chunk-size line it cannot parse: a malformed answer
     * ("Expected leading [0-9a-fA-F] character") rather than the cut the fault stands for.
     */
    private static MockResponse cut(Reply reply, MockResponseBody body) {
        // the connection closes after the stream, cut or not: a stream that ended before its cut is whole,
        // and a client must not keep its connection for another request
        return reply.builder(body).setHeader("Connection", "close").socketHandler(socket -> {
            try {
                BufferedSink sink = Okio.buffer(socket.getSink());
                body.writeTo(sink);
                sink.flush();
            } catch (IOException e) {
                // the client went away first: the connection closes all the same
            } finally {
                socket.cancel();
            }
        }).build();
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
