package dev.verifykit.http.internal;

import dev.verifykit.internal.CancelsWaits;

/**
 * What every client made on one {@link HttpTransport} does alike: ends its waits, closes with its
 * transport, and shows itself by its base URL, never by its credentials.
 */
public abstract class TransportClient implements CancelsWaits, AutoCloseable {
    /** The transport every call of this client goes through. */
    protected final HttpTransport transport;
    private final String name;

    /**
     * @param name the client's interface name, shown by {@link #toString()}
     */
    protected TransportClient(String name, HttpTransport transport) {
        this.name = name;
        this.transport = transport;
    }

    @Override
    public void cancelWaits() {
        transport.lifecycle().cancelWaits();
    }

    @Override
    public void close() {
        transport.close();
    }

    /** What {@link #toString()} shows after the base URL: {@code ", secret=[REDACTED]"} or nothing. */
    protected String shownSettings() {
        return "";
    }

    @Override
    public final String toString() {
        return name + "[" + transport.baseUrl() + shownSettings() + "]";
    }
}
