package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.ChildJvm;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md, Bounds: "WebhookServlet (async): the bodies still arriving, together: 64 MiB" (and
 * the class's Javadoc: "The bodies arriving at once keep at most 64 MiB together"). The budget counted
 * the bytes written into each read's {@code ByteArrayOutputStream}, not the array that held them,
 * which doubled as it grew: a body of 512 KiB and one byte held a 1-MiB array. So 127 such bodies,
 * 66.6 MB by the servlet's count ({@code keptBytes()}, within the budget), held 130.6 MB of heap.
 * A body is now kept in 8-KiB segments, each charged as it is taken.
 *
 * <p>Measured in a JVM of its own (serial collector, a full collection before each reading), the
 * servlet driven through its asynchronous read as a container would (each body's bytes offered, the
 * last one not yet).
 */
class WebhookBodiesBudgetHeapTest {
    private static final int BODY_PART = (512 << 10) + 1;

    /** A request body that offers {@code available} bytes, then is not ready (the rest still to come). */
    static final class Arriving extends ServletInputStream {
        private long available;
        ReadListener listener;

        Arriving(long available) {
            this.available = available;
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return available > 0;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            listener = readListener;
        }

        @Override
        public int read() {
            if (available <= 0) {
                throw new IllegalStateException("not ready");
            }
            available--;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (available <= 0) {
                throw new IllegalStateException("not ready");
            }
            int n = (int) Math.min(len, available);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            available -= n;
            return n;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(WebhookBodiesBudgetHeapTest.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    private static Object defaultFor(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return null;
    }

    private static long usedAfterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    /** Starts one delivery whose {@code BODY_PART} bytes arrived, the rest not yet. */
    private static void arriving(WebhookServlet servlet, String signature, List<Object> keep) throws Exception {
        Arriving input = new Arriving(BODY_PART);
        HttpServletResponse response = fake(HttpServletResponse.class, (p, m, a) -> defaultFor(m.getReturnType()));
        HttpServletRequest[] request = new HttpServletRequest[1];
        AsyncContext async = fake(AsyncContext.class, (p, m, a) -> switch (m.getName()) {
            case "getRequest" -> request[0];
            case "getResponse" -> response;
            default -> defaultFor(m.getReturnType());
        });
        request[0] = fake(HttpServletRequest.class, (p, m, a) -> switch (m.getName()) {
            case "getHeaders" -> Collections.enumeration(WebhookSigner.HEADER.equals(a[0]) ? List.of(signature) : List.of());
            case "getContentLengthLong" -> -1L;
            case "getContentLength" -> -1;
            case "isAsyncSupported" -> true;
            case "startAsync" -> async;
            case "getInputStream" -> input;
            case "getMethod" -> "POST";
            default -> defaultFor(m.getReturnType());
        });
        keep.add(request[0]);
        servlet.doPost(request[0], response);
        if (input.listener == null) {
            throw new IllegalStateException("the servlet did not read the body asynchronously");
        }
        input.listener.onDataAvailable();
    }

    public static void main(String[] args) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_mock").build();
        WebhookServlet servlet = new WebhookServlet(verifier, event -> {}, Duration.ofSeconds(10),
                VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z")));
        String signature = WebhookSigner.of("whsec_mock").sign("{}".getBytes());
        List<Object> keep = new ArrayList<>();
        arriving(servlet, signature, keep); // warm up the classes used
        long before = usedAfterFullGc() - BODY_PART; // (the warm-up body counted once)
        long keptBefore;
        do { // until the budget refuses a delivery (503): it then holds all it takes
            keptBefore = servlet.keptBytes();
            arriving(servlet, signature, keep);
        } while (servlet.keptBytes() > keptBefore);
        long held = usedAfterFullGc() - before;
        System.out.println("RESULT kept=" + servlet.keptBytes() + " held=" + held + " budget="
                + WebhookServlet.BODIES_BUDGET);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard only: ChildJvm's
    void theBodiesStillArrivingHoldNoMoreHeapThanTheBudget(@TempDir Path dir) throws Exception {
        String printed = ChildJvm.run(WebhookBodiesBudgetHeapTest.class, dir, "-Xmx512m", "-XX:+UseSerialGC");
        assertThat(printed).as("what the child JVM printed").contains("RESULT");
        String result = printed.substring(printed.indexOf("RESULT"));
        long kept = Long.parseLong(result.replaceAll("(?s).*kept=(\\d+).*", "$1"));
        long held = Long.parseLong(result.replaceAll("(?s).*held=(\\d+).*", "$1"));
        assertThat(kept).as("the servlet's own count").isLessThanOrEqualTo(WebhookServlet.BODIES_BUDGET);
        assertThat(held).as("heap held by the bodies still arriving (%s), budget %d bytes", result.trim(),
                WebhookServlet.BODIES_BUDGET).isLessThanOrEqualTo(WebhookServlet.BODIES_BUDGET + (8L << 20));
    }
}
