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
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Listeners as the SDK calls them: several in one, each isolated (what one throws is logged, once
 * at WARNING per fan-out, that is per client, and then at DEBUG, and never reaches the work or the
 * other listeners), and
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
     * A listener given more than once (directly or inside one made by this method) is told once, at
     * its first place.
     *
     * @throws dev.verifykit.error.ValidationException naming {@code listeners} when one is null
     */
    public static VerifyKitListener of(List<VerifyKitListener> listeners) {
        Require.present("listeners", listeners);
        Set<VerifyKitListener> all = Collections.newSetFromMap(new IdentityHashMap<>());
        List<VerifyKitListener> ordered = new ArrayList<>();
        for (VerifyKitListener listener : listeners) {
            Require.present("listeners", listener);
            List<VerifyKitListener> each = listener instanceof Fanout fanout ? fanout.listeners : List.of(listener);
            for (VerifyKitListener one : each) {
                if (one != VerifyKitListener.NONE && all.add(one)) {
                    ordered.add(one);
                }
            }
        }
        return ordered.isEmpty() ? VerifyKitListener.NONE : new Fanout(List.copyOf(ordered));
    }

    /** Listeners told in turn, each isolated: what one throws is logged and never reaches the others or the work. */
    private static final class Fanout implements VerifyKitListener {
        private final List<VerifyKitListener> listeners;
        private final AtomicBoolean[] warned;

        Fanout(List<VerifyKitListener> listeners) {
            this.listeners = listeners;
            this.warned = new AtomicBoolean[listeners.size()];
            for (int i = 0; i < warned.length; i++) {
                warned[i] = new AtomicBoolean();
            }
        }

        private void each(String method, Consumer<VerifyKitListener> call) {
            for (int i = 0; i < listeners.size(); i++) {
                try {
                    call.accept(listeners.get(i));
                } catch (Throwable e) {
                    failed(i, method, e);
                }
            }
        }

        private void failed(int index, String method, Throwable e) {
            System.Logger.Level level = warned[index].compareAndSet(false, true) ? System.Logger.Level.WARNING
                    : System.Logger.Level.DEBUG;
            if (LOG.isLoggable(level)) {
                LOG.log(level, "the VerifyKit listener " + listeners.get(index).getClass().getName() + " threw from "
                        + method + " (ignored; the work goes on" + (level == System.Logger.Level.WARNING
                        ? ", later failures are logged at DEBUG)" : ")"), e);
            }
        }

        @Override
        public void onCallStart(CallStart call) {
            each("onCallStart", l -> l.onCallStart(call));
        }

        /**
         * The listeners' headers that can be sent: a name that is not an HTTP token or a value that
         * is not printable ASCII (a propagator's baggage, say) is left out, the others kept, and
         * the listener's fault logged as a throw would be (its value unquoted).
         */
        @Override
        public Map<String, String> requestHeaders(CallStart call) {
            Map<String, String> headers = new LinkedHashMap<>();
            each("requestHeaders", l -> {
                Map<String, String> added = l.requestHeaders(call);
                if (added == null) {
                    return;
                }
                String refused = null;
                for (Map.Entry<String, String> header : added.entrySet()) {
                    String name = header.getKey();
                    boolean token = Require.isToken(name);
                    String problem = !token ? "a name that is not an HTTP token"
                            : header.getValue() == null ? "no value" : Require.headerProblem(header.getValue());
                    if (problem == null) {
                        headers.put(name, header.getValue());
                    } else if (refused == null) {
                        refused = "left out a header it gave (" + (token ? name + ": " : "") + problem + ")";
                    }
                }
                if (refused != null) {
                    throw new IllegalArgumentException(refused);
                }
            });
            return headers;
        }

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            each("onAttempt", l -> l.onAttempt(call, attempt));
        }

        @Override
        public void onAttemptStart(CallStart call, int attempt) {
            each("onAttemptStart", l -> l.onAttemptStart(call, attempt));
        }

        @Override
        public void onRetry(CallStart call, RetryEvent retry) {
            each("onRetry", l -> l.onRetry(call, retry));
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            each("onCallEnd", l -> l.onCallEnd(call, end));
        }

        @Override
        public void onWaitStart(WaitStart wait) {
            each("onWaitStart", l -> l.onWaitStart(wait));
        }

        @Override
        public void onWaitProgress(WaitStart wait, WaitProgress progress) {
            each("onWaitProgress", l -> l.onWaitProgress(wait, progress));
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            each("onWaitEnd", l -> l.onWaitEnd(wait, end));
        }

        @Override
        public void onStreamOpen(StreamEvent stream) {
            each("onStreamOpen", l -> l.onStreamOpen(stream));
        }

        @Override
        public void onStreamClose(StreamEvent stream, StreamClose close) {
            each("onStreamClose", l -> l.onStreamClose(stream, close));
        }

        @Override
        public void onCreateBucketWait(CallStart call, BucketWait wait) {
            each("onCreateBucketWait", l -> l.onCreateBucketWait(call, wait));
        }

        @Override
        public void onWebhookRefused(WebhookRefusal refusal) {
            each("onWebhookRefused", l -> l.onWebhookRefused(refusal));
        }

        @Override
        public void onWebhookOutcome(WebhookDelivery delivery) {
            each("onWebhookOutcome", l -> l.onWebhookOutcome(delivery));
        }
    }
}
