package org.greenai.tracker;

/**
 * Receives the tracker's totals after every sample. Called on the sampler thread (or on the thread that
 * took a boundary reading): keep it short. An exception thrown here is logged and does not stop sampling.
 */
@FunctionalInterface
public interface TrackerListener {
    void onSample(Snapshot snapshot);
}
