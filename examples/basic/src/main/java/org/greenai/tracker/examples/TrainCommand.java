package org.greenai.tracker.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerListener;
import org.greenai.tracker.Window;
import org.greenai.tracker.examples.common.Options;
import org.greenai.tracker.examples.common.ReportPrinter;
import org.greenai.tracker.examples.common.SyntheticData;
import org.greenai.tracker.report.EnergyReport;

/**
 * Trains a small MLP with a window per epoch, for a number of epochs or for a duration, printing live power every
 * second, a line per epoch and the final report.
 */
final class TrainCommand {
    static final int INPUTS = 128;
    static final int HIDDEN = 384;
    static final double NOISE = 2.5;

    private TrainCommand() {
    }

    static EnergyReport run(Options options) {
        return run(options, EnergyTracker.builder().project("greenai-example-mlp"), tracker -> { });
    }

    /** Trains as {@link #run(Options)} does with this builder, handing the started tracker to {@code onStart} first. */
    static EnergyReport run(Options options, EnergyTracker.Builder builder, Consumer<EnergyTracker> onStart) {
        SyntheticData train = new SyntheticData(options.samples(), INPUTS, NOISE, 1);
        SyntheticData validation = new SyntheticData(2_000, INPUTS, NOISE, 2);
        Mlp model = new Mlp(INPUTS, HIDDEN, SyntheticData.CLASSES, 7);
        LivePrinter printer = new LivePrinter();
        EnergyTracker tracker = builder.listener(printer).start();
        try (tracker) {
            onStart.accept(tracker);
            String plan = options.duration()
                    .map(d -> String.format(Locale.ROOT, "%.1f s (whole epochs)", d.toNanos() / 1e9))
                    .orElse(options.epochs() + " epochs");
            System.out.printf(Locale.ROOT, "Training an MLP (%d-%d-%d) on %,d synthetic samples for %s; run %s%n",
                    INPUTS, HIDDEN, SyntheticData.CLASSES, options.samples(), plan, tracker.runId());
            List<Window> epochWindows = new ArrayList<>();
            long startNanos = System.nanoTime();
            for (int epoch = 0; options.startsAnotherEpoch(epoch, System.nanoTime() - startNanos); epoch++) {
                String label = epochLabel(options, epoch + 1);
                printer.epoch = label;
                try (Window w = tracker.window("epoch-" + epoch)) {
                    double loss = model.trainEpoch(train, 0.01);
                    w.addUnits(options.samples());
                    tracker.recordMetric("train_loss", loss);
                    double accuracy = model.accuracy(validation);
                    tracker.recordMetric("val_accuracy", accuracy);
                    w.close();
                    epochWindows.add(w);
                    System.out.printf(Locale.ROOT, "epoch %s: loss %.4f, val_accuracy %.3f, %.1f J, %.4f J/sample, "
                                    + "%.4f gCO2e, %.1f s%n", label, loss, accuracy, w.energyJoules(), w.joulesPerUnit(),
                            w.co2eGrams(), w.durationNanos() / 1e9);
                }
                if (epoch == 0 && options.plannedEpochs().orElse(1) > 1) {
                    // measured so far (setup included, once) + the remaining epochs x the mean epoch window
                    EnergyReport.Forecast f = tracker.forecast(epochWindows, options.epochs());
                    System.out.printf(Locale.ROOT, "forecast for %d epochs: %.6f kWh, %.4f gCO2e, %.0f s (%s)%n",
                            f.totalEpochs(), f.energyJoules() / 3.6e6, f.co2eGrams(), f.durationSeconds(), f.method());
                }
            }
        }
        EnergyReport report = tracker.report();
        ReportPrinter.print(report, tracker.reportFile());
        return report;
    }

    /** {@code 3/10} for a number of epochs, {@code 3 (until 25.0 s)} for a duration. */
    static String epochLabel(Options options, int epochNumber) {
        return options.duration()
                .map(d -> String.format(Locale.ROOT, "%d (until %.1f s)", epochNumber, d.toNanos() / 1e9))
                .orElse(epochNumber + "/" + options.epochs());
    }

    /** Prints one line per second once training has begun: power per channel, energy, CO2e, epoch. */
    static final class LivePrinter implements TrackerListener {
        private long lastPrintNanos = Long.MIN_VALUE;
        /** Label of the epoch in progress, as in {@link #epochLabel}; null before the first epoch. */
        volatile String epoch;

        @Override
        public synchronized void onSample(Snapshot s) {
            String label = epoch;
            if (label == null || lastPrintNanos != Long.MIN_VALUE && s.elapsedNanos() - lastPrintNanos < 950_000_000L) {
                return;
            }
            lastPrintNanos = s.elapsedNanos();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1f s] %7.2f W (",
                    s.elapsedNanos() / 1e9, s.powerWatts()));
            boolean first = true;
            for (ChannelSnapshot c : s.channels()) {
                if (Double.isNaN(c.energyJoules())) {
                    continue;
                }
                if (!first) {
                    line.append(", ");
                }
                first = false;
                line.append(String.format(Locale.ROOT, "%s %.2f W %s", c.channel().id(), c.powerWatts(),
                        c.channel().provenance().id()));
            }
            line.append(String.format(Locale.ROOT, ") | %.7f kWh | %.5f gCO2e | epoch %s", s.energyKwh(),
                    s.co2eGrams(), label));
            System.out.println(line);
        }
    }
}
