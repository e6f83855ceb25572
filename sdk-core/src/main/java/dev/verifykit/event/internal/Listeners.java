package dev.verifykit.event.internal;

import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Listeners as the SDK calls them: several in one, each isolated (what one throws is logged, once
 * at WARNING and then at DEBUG, and never reaches the work or the other listeners), and
 * {@link VerifyKitListener#NONE} when there are none, which callers test to build no event.
 *
 * <pre>{@code
 * VerifyKitListener events = Listeners.of(settings.listeners());
 * if (events != VerifyKitListener.NONE) events.onCallStart(start);
 * }</pre>
 */
public final class Listeners {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.event");
    private static final AtomicLong IDS = new AtomicLong();

    private Listeners() {}

    /** A new id for a call or a wait, unique in this JVM. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /**
     * One listener for all of {@code listeners}, isolated; {@link VerifyKitListener#NONE} for none.
     *
     * @throws dev.verifykit.error.ValidationException naming {@code listeners} when one is null
     */
    public static VerifyKitListener of(List<VerifyKitListener> listeners) {
        Require.present("listeners", listeners);
        List<VerifyKitListener> isolated = new ArrayList<>();
        for (VerifyKitListener listener : listeners) {
            Require.present("listeners", listener);
            if (listener instanceof Composite composite) {
                isolated.addAll(composite.listeners);
            } else if (listener instanceof Isolated) {
                isolated.add(listener);
            } else if (listener != VerifyKitListener.NONE) {
                isolated.add(new Isolated(listener));
            }
        }
        if (isolated.isEmpty()) {
            return VerifyKitListener.NONE;
        }
        return isolated.size() == 1 ? isolated.get(0) : new Composite(List.copyOf(isolated));
    }

    /** One listener whose failures are caught and logged. */
    private static final class Isolated implements VerifyKitListener {
        private final VerifyKitListener listener;
        private final AtomicBoolean warned = new AtomicBoolean();

        Isolated(VerifyKitListener listener) {
            this.listener = listener;
        }

        private void tell(String method, Runnable call) {
            try {
                call.run();
            } catch (Throwable e) {
                failed(method, e);
            }
        }

        private void failed(String method, Throwable e) {
            System.Logger.Level level = warned.compareAndSet(false, true) ? System.Logger.Level.WARNING
                    : System.Logger.Level.DEBUG;
            if (LOG.isLoggable(level)) {
                LOG.log(level, "the VerifyKit listener " + listener.getClass().getName() + " threw from " + method
                        + " (ignored; the work goes on" + (level == System.Logger.Level.WARNING
                        ? ", later failures are logged at DEBUG)" : ")"), e);
            }
        }

        @Override
        public void onCallStart(CallStart call) {
            tell("onCallStart", () -> listener.onCallStart(call));
        }

        @Override
        public Map<String, String> requestHeaders(CallStart call) {
            try {
                Map<String, String> headers = listener.requestHeaders(call);
                return headers == null ? Map.of() : headers;
            } catch (Throwable e) {
                failed("requestHeaders", e);
                return Map.of();
            }
        }

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            tell("onAttempt", () -> listener.onAttempt(call, attempt));
        }

        @Override
        public void onRetry(CallStart call, RetryEvent retry) {
            tell("onRetry", () -> listener.onRetry(call, retry));
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            tell("onCallEnd", () -> listener.onCallEnd(call, end));
        }

        @Override
        public void onWaitStart(WaitStart wait) {
            tell("onWaitStart", () -> listener.onWaitStart(wait));
        }

        @Override
        public void onWaitProgress(WaitStart wait, WaitProgress progress) {
            tell("onWaitProgress", () -> listener.onWaitProgress(wait, progress));
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            tell("onWaitEnd", () -> listener.onWaitEnd(wait, end));
        }

        @Override
        public void onStreamOpen(StreamEvent stream) {
            tell("onStreamOpen", () -> listener.onStreamOpen(stream));
        }

        @Override
        public void onStreamClose(StreamEvent stream, StreamClose close) {
            tell("onStreamClose", () -> listener.onStreamClose(stream, close));
        }

        @Override
        public void onCreateBucketWait(BucketWait wait) {
            tell("onCreateBucketWait", () -> listener.onCreateBucketWait(wait));
        }

        @Override
        public void onWebhookRefused(WebhookRefusal refusal) {
            tell("onWebhookRefused", () -> listener.onWebhookRefused(refusal));
        }
    }

    /** Isolated listeners told in turn. */
    private static final class Composite implements VerifyKitListener {
        private final List<VerifyKitListener> listeners;

        Composite(List<VerifyKitListener> listeners) {
            this.listeners = listeners;
        }

        private void each(Consumer<VerifyKitListener> call) {
            for (VerifyKitListener listener : listeners) {
                call.accept(listener);
            }
        }

        @Override
        public void onCallStart(CallStart call) {
            each(l -> l.onCallStart(call));
        }

        @Override
        public Map<String, String> requestHeaders(CallStart call) {
            Map<String, String> headers = new LinkedHashMap<>();
            each(l -> headers.putAll(l.requestHeaders(call)));
            return headers;
        }

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            each(l -> l.onAttempt(call, attempt));
        }

        @Override
        public void onRetry(CallStart call, RetryEvent retry) {
            each(l -> l.onRetry(call, retry));
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            each(l -> l.onCallEnd(call, end));
        }

        @Override
        public void onWaitStart(WaitStart wait) {
            each(l -> l.onWaitStart(wait));
        }

        @Override
        public void onWaitProgress(WaitStart wait, WaitProgress progress) {
            each(l -> l.onWaitProgress(wait, progress));
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            each(l -> l.onWaitEnd(wait, end));
        }

        @Override
        public void onStreamOpen(StreamEvent stream) {
            each(l -> l.onStreamOpen(stream));
        }

        @Override
        public void onStreamClose(StreamEvent stream, StreamClose close) {
            each(l -> l.onStreamClose(stream, close));
        }

        @Override
        public void onCreateBucketWait(BucketWait wait) {
            each(l -> l.onCreateBucketWait(wait));
        }

        @Override
        public void onWebhookRefused(WebhookRefusal refusal) {
            each(l -> l.onWebhookRefused(refusal));
        }
    }
}
