package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@link MockServer#close()}: "The port is free when it returns. A second call does nothing." A
 * close() made while another thread's close() was still closing (waiting, within its grace, for an
 * answer being written) returned at once, the server still listening on its port and answering:
 * close() was not final for its caller. The second waits for the first now.
 */
class ConcurrentCloseTest {
    @Test
    void aCloseMadeWhileAnotherIsClosingReturnsOnlyOnceThePortIsFree() throws Exception {
        MockServer mock = MockServer.start(MockSettings.builder().journalBodyLimit(64 * 1024).build());
        URI root = URI.create(mock.controlBaseUrl());
        fillTheJournal(mock); // megabytes: its answer cannot all wait in the sockets' buffers
        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new InetSocketAddress(root.getHost(), root.getPort()));
            // the journal, asked for and never read: the first close() waits (its grace) for its answer
            OutputStream out = reader.getOutputStream();
            out.write(("GET " + root.getPath() + "/journal HTTP/1.1\r\nHost: " + root.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // its answer made (and so counted as being answered, until written) before the first close
            // starts: on a loaded machine the close could otherwise come first, find nothing to wait for,
            // and the test was skipped, showing nothing
            mock.journal().await(MockJournalQuery.all().service("control").method("GET").path(root.getPath() + "/journal"), 1,
                    Duration.ofSeconds(60));

            CountDownLatch firstReturned = new CountDownLatch(1);
            Thread first = new Thread(() -> {
                try {
                    mock.close();
                } finally {
                    firstReturned.countDown();
                }
            }, "first-close");
            first.setDaemon(true);
            first.start();
            for (int i = 0; i < 30_000 && !inAwaitAnswered(first) && firstReturned.getCount() > 0; i++) {
                Thread.sleep(1);
            }
            // (a machine whose socket buffers took the whole journal has the first close not wait: nothing to show)
            assumeTrue(inAwaitAnswered(first), "the first close waits for the journal's answer to be written");

            mock.close(); // another thread's close, while the first is closing
            boolean firstStillClosing = firstReturned.getCount() == 1;
            boolean portFree = portFree(root);

            first.join(60_000);
            if (firstStillClosing) { // else the machine stalled past the first close's grace: nothing is shown
                assertThat(portFree).as("the port is free when close() returns, here a close() made while another"
                        + " thread's was still closing the server").isTrue();
            }
        }
    }

    private static void fillTheJournal(MockServer mock) throws Exception {
        OkHttpClient http = new OkHttpClient();
        byte[] body = new byte[60 * 1024];
        Arrays.fill(body, (byte) 'x');
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                sent.add(senders.submit(() -> {
                    try (Response r = http.newCall(new Request.Builder().url(mock.dockBaseUrl() + "/nothing-here")
                            .post(RequestBody.create(body, MediaType.get("text/plain"))).build()).execute()) {
                        return r.code();
                    }
                }));
            }
            for (Future<Integer> f : sent) {
                assertThat(f.get()).isEqualTo(404);
            }
        } finally {
            senders.shutdown();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static boolean portFree(URI root) throws Exception {
        try (ServerSocket again = new ServerSocket(root.getPort(), 1, InetAddress.getByName(root.getHost()))) {
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    private static boolean inAwaitAnswered(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitAnswered"));
    }
}
