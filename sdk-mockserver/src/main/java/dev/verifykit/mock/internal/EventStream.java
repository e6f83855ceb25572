package dev.verifykit.mock.internal;

import mockwebserver3.MockResponseBody;

/** A streamed body of events that a fault can cut short. */
public interface EventStream extends MockResponseBody {

    /**
     * This stream, ending without its closing chunk after {@code events} events: at once when
     * {@code stall} is false, else after sending nothing more until the stream maximum (or a
     * reset or close of the server).
     */
    MockResponseBody cut(int events, boolean stall);
}
