package dev.verifykit.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser's side of an event stream, on a plain socket so that the test controls exactly when the
 * "browser" goes away and sees every byte it was sent (status line and headers included). Speaks
 * HTTP/1.0, so the body is the bare event stream, ended by the server closing the connection.
 */
final class SseClient implements AutoCloseable {
    record Event(String type, String id, String data) {}

    private final Socket socket;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch head = new CountDownLatch(1);
    private volatile int status = -1;
    private volatile String headText = "";
    private volatile Long retry;

    private SseClient(Socket socket) {
        this.socket = socket;
    }

    static SseClient open(int port, String path, String lastEventId) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        String request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        SseClient client = new SseClient(socket);
        Thread reader = new Thread(client::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    private void read() {
        try (InputStream in = socket.getInputStream()) {
            StringBuilder pending = new StringBuilder();
            boolean inBody = false;
            byte[] buffer = new byte[4096];
            int n;
            String type = null;
            String id = null;
            StringBuilder data = null;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while ((n = in.read(buffer)) >= 0) {
                synchronized (raw) {
                    raw.write(buffer, 0, n);
                }
                if (!inBody) {
                    String all = raw.toString(StandardCharsets.ISO_8859_1);
                    int end = all.indexOf("\r\n\r\n");
                    if (end < 0) {
                        continue;
                    }
                    headText = all.substring(0, end);
                    status = Integer.parseInt(headText.split(" ")[1]);
                    head.countDown();
                    inBody = true;
                    byte[] bytes;
                    synchronized (raw) {
                        bytes = raw.toByteArray();
                    }
                    body.write(bytes, end + 4, bytes.length - end - 4);
                } else {
                    body.write(buffer, 0, n);
                }
                pending.append(body.toString(StandardCharsets.UTF_8));
                body.reset();
                int newline;
                while ((newline = pending.indexOf("\n")) >= 0) {
                    String line = pending.substring(0, newline);
                    pending.delete(0, newline + 1);
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(type == null ? "message" : type, id, data.toString()));
                        }
                        type = null;
                        id = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        comments.incrementAndGet();
                    } else if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("retry: ")) {
                        retry = Long.parseLong(line.substring(7));
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    }
                }
            }
        } catch (IOException closed) {
            // the test closed the socket
        } finally {
            head.countDown();
            ended.countDown();
        }
    }

    /** The next event, failing the test after 20 s. */
    Event next() throws InterruptedException {
        Event event = events.poll(20, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 20 s; received so far:\n" + text());
        }
        return event;
    }

    /** Events received and not yet taken. */
    BlockingQueue<Event> events() {
        return events;
    }

    int status() throws InterruptedException {
        if (!head.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no response head within 20 s");
        }
        return status;
    }

    String head() throws InterruptedException {
        status();
        return headText;
    }

    Long retry() {
        return retry;
    }

    int comments() {
        return comments.get();
    }

    /** Waits for the server to end the response. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the stream did not end within " + timeout + "; received:\n" + text());
        }
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Everything received, head and body. */
    String text() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    /** The browser goes away. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
