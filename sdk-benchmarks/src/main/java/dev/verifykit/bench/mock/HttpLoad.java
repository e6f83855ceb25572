package dev.verifykit.bench.mock;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small HTTP/1.1 load generator over plain sockets, so that the client side costs little and the
 * same for every server: {@code connections} keep-alive connections, each on its own thread, each
 * repeating the Dock mix (create a session, then read it) until the time is up.
 */
final class HttpLoad {
    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    private final String host;
    private final int port;
    private final String dockPath;
    private final String apiKey;
    private final String pid;

    /** The requests counted and the first failure, of one batch. */
    record Batch(long requests, long failures, String firstFailure, double seconds) {
        double perSecond() {
            return requests / seconds;
        }
    }

    HttpLoad(String host, int port, String dockPath, String apiKey, String pid) {
        this.host = host;
        this.port = port;
        this.dockPath = dockPath;
        this.apiKey = apiKey;
        this.pid = pid;
    }

    /** Runs the mix on {@code connections} connections for {@code millis}; requests answered as expected are counted. */
    Batch run(int connections, long millis, String runName) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String clientPrefix = runName + "-" + c + "-";
            Thread thread = new Thread(() -> {
                try {
                    connection(clientPrefix, end, requests);
                } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
            }, "load-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Batch(requests.get(), failures.get(), firstFailure.get(), (System.nanoTime() - start) / 1e9);
    }

    private void connection(String clientPrefix, long end, AtomicLong requests) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            byte[] body = new byte[MAX_BODY];
            for (long n = 0; System.nanoTime() < end; n++) {
                String json = "{\"pid\":\"" + pid + "\",\"clientId\":\"" + clientPrefix + n + "\"}";
                byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
                out.write(("POST " + dockPath + "/v2/sessions HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAuthorization: Bearer " + apiKey + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + jsonBytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(jsonBytes);
                out.flush();
                int length = response(in, body, 200, "create");
                String id = sessionId(body, length);
                requests.incrementAndGet();
                out.write(("GET " + dockPath + "/v2/sessions/" + id + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAuthorization: Bearer " + apiKey + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                response(in, body, 200, "retrieve");
                requests.incrementAndGet();
            }
        }
    }

    /** Reads one response into {@code body}; returns the body's length. */
    private static int response(InputStream in, byte[] body, int expectedStatus, String what) throws IOException {
        String head = head(in);
        int status = Integer.parseInt(head.substring(9, 12));
        if (status != expectedStatus) {
            throw new IOException(what + " answered " + status + ": " + head.lines().findFirst().orElse(""));
        }
        int contentLength = -1;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            return chunked(in, body);
        }
        if (contentLength < 0 || contentLength > body.length) {
            throw new IOException(what + ": no usable Content-Length (" + contentLength + ")");
        }
        readFully(in, body, 0, contentLength);
        return contentLength;
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a response head");
            }
            head.append((char) b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.length() > MAX_HEAD) {
                throw new IOException("a response head longer than " + MAX_HEAD);
            }
        }
        return head.toString();
    }

    private static int chunked(InputStream in, byte[] body) throws IOException {
        int length = 0;
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed inside a chunked body");
                }
                if (b != '\r') {
                    sizeLine.append((char) b);
                }
            }
            int semicolon = sizeLine.indexOf(";");
            int size = Integer.parseInt(semicolon < 0 ? sizeLine.toString().trim() : sizeLine.substring(0, semicolon).trim(), 16);
            if (size == 0) {
                head(new CrlfPrefixed(in)); // trailers, up to the empty line
                return length;
            }
            if (length + size > body.length) {
                throw new IOException("a chunked body longer than " + body.length);
            }
            readFully(in, body, length, size);
            length += size;
            in.read(); // CR
            in.read(); // LF
        }
    }

    private static void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(into, offset + done, length - done);
            if (n < 0) {
                throw new IOException("the connection closed inside a body");
            }
            done += n;
        }
    }

    /** The {@code "id":"…"} of the session in a create answer. */
    static String sessionId(byte[] body, int length) throws IOException {
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        int at = text.indexOf("\"id\":\"");
        if (at < 0) {
            throw new IOException("no session id in the create answer");
        }
        int from = at + 6;
        return text.substring(from, text.indexOf('"', from));
    }

    /** The trailer section after the last chunk, read as a head that starts right after the size line. */
    private static final class CrlfPrefixed extends InputStream {
        private final InputStream in;
        private int prefix = 2;

        CrlfPrefixed(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (prefix > 0) {
                return prefix-- == 2 ? '\r' : '\n';
            }
            return in.read();
        }
    }
}
