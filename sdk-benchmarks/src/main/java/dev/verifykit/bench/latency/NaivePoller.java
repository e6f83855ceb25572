package dev.verifykit.bench.latency;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The naive way, hand-written with OkHttp and sharing nothing with the SDK: read the session every
 * {@code interval} (from the end of one read to the start of the next) until it is not pending,
 * ignoring refusals, giving up once the session's lifetime (plus one interval) is over.
 */
final class NaivePoller {
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");

    private final OkHttpClient http;
    private final ScheduledExecutorService timer;
    private final String dockBaseUrl;
    private final String apiKey;
    private final Duration interval;

    NaivePoller(OkHttpClient http, ScheduledExecutorService timer, String dockBaseUrl, String apiKey, Duration interval) {
        this.http = http;
        this.timer = timer;
        this.dockBaseUrl = dockBaseUrl;
        this.apiKey = apiKey;
        this.interval = interval;
    }

    /** Completes with the terminal status, or {@code "gave-up"}. */
    CompletableFuture<String> await(String sessionId, long giveUpAtNanos) {
        CompletableFuture<String> done = new CompletableFuture<>();
        timer.execute(() -> poll(sessionId, giveUpAtNanos, done));
        return done;
    }

    private void poll(String id, long giveUpAtNanos, CompletableFuture<String> done) {
        String status = read(id);
        if (status != null && !status.equals("pending")) {
            done.complete(status);
            return;
        }
        if (System.nanoTime() >= giveUpAtNanos) {
            done.complete("gave-up");
            return;
        }
        timer.schedule(() -> poll(id, giveUpAtNanos, done), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private String read(String id) {
        Request request = new Request.Builder().url(dockBaseUrl + "/v2/sessions/" + id)
                .header("Authorization", "Bearer " + apiKey).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                return null;
            }
            String body = response.body().string();
            int data = body.indexOf("\"data\"");
            Matcher m = STATUS.matcher(body);
            return m.find(Math.max(0, data)) ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
