package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.JournalWait;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.fault.FaultRules;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends webhooks on a small executor owned by the server: one POST per attempt with a short
 * timeout, retried with the configured delays while the receiver answers non-2xx or not at all,
 * every attempt recorded. A reset drops scheduled retries and in-flight attempts of the old state.
 * Webhook fault rules act on attempts: not sent (failed or dropped), sent late, or sent twice.
 */
final class WebhookDeliverer {

    /** The attempts the log keeps, the last ones (DokaiControl's Javadoc and the README say 10,000). */
    static final int CAPACITY = 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DokaiSettings settings;
    private final Clock clock;
    private final FaultRules faults;
    /** Built at the first delivery: building one loads TLS, about half of a cold {@code MockServer.start()}. */
    private OkHttpClient client;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<MockWebhookDelivery> log = new ArrayDeque<>();
    private long generation;
    private boolean closed;

    /**
     * Parsed at the first delivery: parsing a media type loads Kotlin's regular expressions,
     * milliseconds of a JVM's first start.
     */
    private static final class JsonType {
        static final MediaType TYPE = MediaType.get("application/json");
    }

    /** One webhook to deliver; the body bytes are the same on every attempt. */
    private record Job(String sessionId, String event, String url, String body, long generation) {
    }

    WebhookDeliverer(DokaiSettings settings, Clock clock, FaultRules faults) {
        this.settings = settings;
        this.clock = clock;
        this.faults = faults;
        this.executor = new ScheduledThreadPoolExecutor(4, task -> {
            Thread t = new Thread(task, "verifykit-mock-dokai-webhooks-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts delivering {@code event} about the finished {@code session} to its webhook URL; the first
     * attempt goes out at once. The body is written once, so every attempt sends the same bytes.
     */
    void deliver(MockKycSession session, String event) {
        long current;
        synchronized (this) {
            if (closed) {
                return;
            }
            current = generation;
        }
        String body = Json.write(KycJson.webhook(event, session));
        schedule(new Job(session.id(), event, session.webhookUrl(), body, current), 1, Duration.ZERO, null);
    }

    synchronized List<MockWebhookDelivery> snapshot() {
        return List.copyOf(log);
    }

    synchronized List<MockWebhookDelivery> await(int count, Duration timeout) {
        if (count < 0 || count > CAPACITY) {
            // as MockJournal.await refuses a count its query could never return
            throw new IllegalArgumentException("count must be 0 to " + CAPACITY + " (the delivery attempts the log keeps): "
                    + count);
        }
        long deadline = System.nanoTime() + JournalWait.nanos(timeout); // the longest Duration too: no overflow
        try {
            while (log.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (log.size() < count) {
            StringBuilder seen = new StringBuilder();
            for (MockWebhookDelivery d : log) {
                seen.append("\n  ").append(d.sessionId()).append(' ').append(d.event()).append(" attempt ")
                        .append(d.attempt()).append(" -> ").append(d.status())
                        .append(d.error() == null ? "" : " (" + d.error() + ")");
            }
            throw new IllegalStateException("Expected at least " + count + " webhook delivery attempts within "
                    + timeout + ", got " + log.size() + seen);
        }
        return List.copyOf(log);
    }

    void reset() {
        synchronized (this) {
            generation++;
            log.clear();
            notifyAll();
        }
        for (Call call : inFlight) {
            call.cancel();
        }
    }

    void close() {
        OkHttpClient built;
        synchronized (this) {
            closed = true;
            generation++;
            notifyAll();
            built = client;
        }
        executor.shutdownNow();
        for (Call call : inFlight) {
            call.cancel();
        }
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (built != null) {
            built.connectionPool().evictAll();
            built.dispatcher().executorService().shutdown();
        }
    }

    /** The client for deliveries, built on first use; null once closed (nothing more is sent). */
    private synchronized OkHttpClient client() {
        if (closed) {
            return null;
        }
        if (client == null) {
            Duration timeout = settings.deliveryTimeout();
            client = new OkHttpClient.Builder()
                    .connectTimeout(timeout)
                    .readTimeout(timeout)
                    .writeTimeout(timeout)
                    .callTimeout(timeout)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .retryOnConnectionFailure(false)
                    .build();
        }
        return client;
    }

    /**
     * Runs {@code attempt} after {@code delay}; {@code delayedBy} is the id of the {@code webhook-delay} rule that
     * put it off (the attempt carries it and meets no fault rule again), or {@code null}.
     */
    private void schedule(Job job, int attempt, Duration delay, String delayedBy) {
        try {
            executor.schedule(() -> attempt(job, attempt, delayedBy), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: nothing more is delivered
        }
    }

    private void attempt(Job job, int attempt, String delayedBy) {
        if (!current(job)) {
            return;
        }
        FaultRules.Claim claim = null;
        if (delayedBy == null) {
            HttpUrl url = HttpUrl.parse(job.url);
            claim = faults.claimWebhook(url == null ? job.url : url.encodedPath());
        }
        MockFault fault = claim == null ? null : claim.fault();
        if (fault instanceof MockFault.WebhookDelay delay) {
            schedule(job, attempt, delay.delay(), claim.ruleId());
            return;
        }
        int status;
        if (fault instanceof MockFault.WebhookFail || fault instanceof MockFault.WebhookDrop) {
            status = -1;
            record(job, attempt, -1, "fault: " + (fault instanceof MockFault.WebhookFail ? "failed" : "dropped")
                    + " by rule " + claim.ruleId() + ", not sent", clock.instant(), null, claim.ruleId());
            if (fault instanceof MockFault.WebhookDrop) {
                return;
            }
        } else {
            status = send(job, attempt, claim == null ? delayedBy : claim.ruleId());
            if (fault instanceof MockFault.WebhookDuplicate && current(job)) {
                send(job, attempt, claim.ruleId()); // the copy's answer does not decide retries
            }
        }
        boolean delivered = status >= 200 && status < 300;
        if (!delivered && attempt < settings.deliveryAttempts()) {
            List<Duration> delays = settings.deliveryDelays();
            schedule(job, attempt + 1, delays.get(Math.min(attempt, delays.size()) - 1), null);
        }
    }

    /** One POST; returns the receiver's status, or -1 when it did not answer. */
    private int send(Job job, int attempt, String faultRule) {
        byte[] bytes = job.body.getBytes(StandardCharsets.UTF_8);
        Instant sentAt = clock.instant();
        String signature = Signatures.header(settings.signatureScheme(), settings.webhookSecret(), bytes, sentAt);
        Request request = new Request.Builder().url(job.url)
                .header("X-Dokai-Signature", signature)
                .header("User-Agent", "verifykit-mock-dokai-webhooks")
                .post(RequestBody.create(bytes, JsonType.TYPE))
                .build();
        int status;
        String error = null;
        OkHttpClient http = client();
        if (http == null) {
            return -1; // closed meanwhile: record() would drop the attempt anyway
        }
        Call call = http.newCall(request);
        inFlight.add(call);
        if (!current(job)) { // a reset or close since the attempt began: its cancelling missed this call
            inFlight.remove(call);
            return -1;
        }
        try (Response response = call.execute()) {
            status = response.code();
        } catch (IOException | RuntimeException e) {
            status = -1;
            error = (e instanceof InterruptedIOException ? "timeout: " : "failed: ") + e;
        } finally {
            inFlight.remove(call);
        }
        record(job, attempt, status, error, sentAt, signature, faultRule);
        return status;
    }

    private synchronized void record(Job job, int attempt, int status, String error, Instant sentAt, String signature,
                                     String faultRule) {
        if (!current(job)) {
            return;
        }
        if (log.size() == CAPACITY) {
            log.removeFirst();
        }
        log.addLast(new MockWebhookDelivery(job.sessionId, job.event, job.url, attempt, status, error, sentAt,
                job.body, signature, faultRule));
        notifyAll();
    }

    private synchronized boolean current(Job job) {
        return !closed && job.generation == generation;
    }
}
