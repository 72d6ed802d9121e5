package org.greenai.tracker.internal.sampling;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerListener;
import org.greenai.tracker.internal.accounting.Accounting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners called after every sample. Each sample builds one immutable {@link Snapshot}, only when a
 * listener is registered; a listener that throws is logged and stays registered. Thread-safe.
 */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<TrackerListener> listeners = new CopyOnWriteArrayList<>();
    private final UnaryOperator<String> redactor;

    public Listeners(List<TrackerListener> initial, UnaryOperator<String> redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        listeners.addAll(initial);
    }

    public void add(TrackerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void remove(TrackerListener listener) {
        listeners.remove(listener);
    }

    /** Calls every listener with the totals of {@code accounting} now. */
    void publish(Accounting accounting) {
        if (listeners.isEmpty()) {
            return;
        }
        Snapshot snapshot = accounting.snapshot();
        for (TrackerListener listener : listeners) {
            try {
                listener.onSample(snapshot);
            } catch (Throwable t) {
                LOG.warn("GreenAI listener {} threw {}; it stays registered", listener, redactor.apply(t.toString()));
            }
        }
    }
}
