package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.testing.UnconnectedSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound on bytes read without a line feed, read exactly: a connection's socket takes up to
 * {@code limit} bytes since the last line feed and fails the read past it, however the bytes come
 * (a byte at a time, or a read that holds a line feed and the start of the next line), and the limit
 * is {@code maxResponseBytes} and a megabyte, at most {@code Long.MAX_VALUE}. The bytes come over
 * loopback from a server thread that writes each part only once the previous one was read.
 */
@Timeout(30)
class LineBoundTest {
    private static final long LIMIT = 16;

    private final ServerSocket server;
    private Socket client;

    LineBoundTest() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (CountDownLatch read : reads == null ? new CountDownLatch[0] : reads) {
            while (read.getCount() > 0) {
                read.countDown(); // the server thread waits no longer for a read a failed test did not make
            }
        }
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void theLimitIsMaxResponseBytesAndAMegabyteAtMostTheLongestLong() {
        assertThat(LineBound.limit(4L << 20)).isEqualTo(5L << 20);
        assertThat(LineBound.limit(Long.MAX_VALUE - (1 << 20))).isEqualTo(Long.MAX_VALUE);
        assertThat(LineBound.limit(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void onlyTheDefaultSocketFactoryIsBounded() {
        SocketFactory own = new UnconnectedSocketFactory() {
            @Override
            public Socket createSocket() {
                return new Socket();
            }
        };
        OkHttpClient.Builder kept = new OkHttpClient.Builder().socketFactory(own);
        LineBound.apply(kept, own, LIMIT);
        OkHttpClient.Builder bounded = new OkHttpClient.Builder();
        LineBound.apply(bounded, SocketFactory.getDefault(), LIMIT);

        assertThat(kept.build().socketFactory()).isSameAs(own);
        assertThat(bounded.build().socketFactory()).isNotSameAs(SocketFactory.getDefault());
    }

    @Test
    void linesOfExactlyTheLimitAreReadInBlocks() throws Exception {
        InputStream in = connect("x".repeat(16) + "\n" + "y".repeat(16));

        assertThat(readAll(in, 33)).isEqualTo("x".repeat(16) + "\n" + "y".repeat(16));
    }

    @Test
    void aByteMoreThanTheLimitFailsTheRead() throws Exception {
        InputStream in = connect("x".repeat(17));

        assertThatThrownBy(() -> readAll(in, 17)).isInstanceOf(LineBound.OverlongLineException.class)
                .hasMessageContaining("more than 16 bytes without ending a line");
    }

    /** A read holding a line feed counts the bytes after it, and the next read adds to them. */
    @Test
    void theBytesAfterALineFeedInABlockCountTowardTheNextLine() throws Exception {
        InputStream in = connect("y".repeat(16) + "\n" + "z".repeat(10), "z".repeat(6), "z");

        assertThat(readAll(in, 27)).endsWith("z".repeat(10));
        assertThat(readAll(in, 6)).isEqualTo("z".repeat(6));
        assertThatThrownBy(() -> readAll(in, 1)).isInstanceOf(LineBound.OverlongLineException.class);
    }

    /** A line feed that is the first byte of a read ends the line before it. */
    @Test
    void aLineFeedStartingAReadEndsTheLineBeforeIt() throws Exception {
        InputStream in = connect("x".repeat(10), "\n" + "y".repeat(16));

        assertThat(readAll(in, 10)).isEqualTo("x".repeat(10));
        assertThat(readAll(in, 17)).isEqualTo("\n" + "y".repeat(16));
    }

    @Test
    void bytesReadOneAtATimeAreCountedToo() throws Exception {
        InputStream in = connect("x".repeat(16) + "\n" + "y".repeat(16), "y");

        StringBuilder read = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            read.append((char) in.read());
            told(1);
        }
        assertThat(read).hasToString("x".repeat(16) + "\n" + "y".repeat(16));
        assertThatThrownBy(in::read).isInstanceOf(LineBound.OverlongLineException.class);
    }

    /**
     * The input of a socket of the bounded factory, connected to a server that writes {@code parts} in
     * turn: each once the test has read all before it ({@link #told}).
     */
    private InputStream connect(String... parts) throws Exception {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        LineBound.apply(builder, SocketFactory.getDefault(), LIMIT);
        reads = new CountDownLatch[parts.length];
        for (int i = 0; i < parts.length; i++) {
            reads[i] = new CountDownLatch(parts[i].length());
        }
        CompletableFuture.runAsync(() -> {
            try (Socket accepted = server.accept()) {
                OutputStream out = accepted.getOutputStream();
                for (int i = 0; i < parts.length; i++) {
                    out.write(parts[i].getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    reads[i].await(30, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        client = builder.build().socketFactory().createSocket(server.getInetAddress(), server.getLocalPort());
        next = 0;
        return client.getInputStream();
    }

    private CountDownLatch[] reads;
    private int next;

    /** Reads {@code count} bytes in blocks, telling the server each part it wrote was read. */
    private String readAll(InputStream in, int count) throws IOException {
        byte[] bytes = new byte[count];
        int got = 0;
        while (got < count) {
            int n = in.read(bytes, got, count - got);
            assertThat(n).as("the server's bytes").isPositive();
            got += n;
            told(n);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Tells the server {@code n} more of its bytes were read. */
    private void told(int n) {
        for (int i = 0; i < n; i++) {
            while (reads[next].getCount() == 0) {
                next++;
            }
            reads[next].countDown();
        }
    }
}
