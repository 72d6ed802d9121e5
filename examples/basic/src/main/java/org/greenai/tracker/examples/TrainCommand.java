package org.greenai.tracker.examples;

import java.util.Locale;
import java.util.function.Consumer;

import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.Window;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.Reports;

/** Trains a small MLP with a window per epoch, printing live power every second and the final report. */
final class TrainCommand {
    private TrainCommand() {
    }

    static EnergyReport run(Options options) {
        return run(options, EnergyTracker.builder().project("greenai-example-mlp"));
    }

    static EnergyReport run(Options options, EnergyTracker.Builder builder) {
        return run(options, builder, tracker -> { });
    }

    /** As {@link #run(Options, EnergyTracker.Builder)}, handing the started tracker to {@code onStart} first. */
    static EnergyReport run(Options options, EnergyTracker.Builder builder, Consumer<EnergyTracker> onStart) {
        Mlp.Data train = new Mlp.Data(options.samples(), 128, 10, 1);
        Mlp.Data validation = new Mlp.Data(2_000, 128, 10, 2);
        Mlp model = new Mlp(128, 384, 10, 7);
        LivePrinter printer = new LivePrinter();
        EnergyTracker tracker = builder.listener(printer).start();
        try (tracker) {
            onStart.accept(tracker);
            System.out.printf(Locale.ROOT, "Training an MLP (128-384-10) on %,d synthetic samples for %d epochs; "
                    + "run %s%n", options.samples(), options.epochs(), tracker.runId());
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                printer.epoch = epoch + 1;
                printer.epochs = options.epochs();
                double loss;
                try (Window w = tracker.window("epoch-" + epoch)) {
                    loss = model.trainEpoch(train, 0.01);
                    w.addUnits(options.samples());
                    tracker.recordMetric("train_loss", loss);
                    double accuracy = model.accuracy(validation);
                    tracker.recordMetric("val_accuracy", accuracy);
                    w.close();
                    System.out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, val_accuracy %.3f, %.1f J, %.4f J/sample, "
                                    + "%.4f gCO2e, %.1f s%n", epoch + 1, options.epochs(), loss, accuracy,
                            w.energyJoules(), w.joulesPerUnit(), w.co2eGrams(), w.durationNanos() / 1e9);
                }
                if (epoch == 0 && options.epochs() > 1) {
                    EnergyReport.Forecast f = tracker.forecast(1, options.epochs());
                    System.out.printf(Locale.ROOT, "forecast for %d epochs: %.6f kWh, %.4f gCO2e, %.0f s (%s)%n",
                            f.totalEpochs(), f.energyJoules() / 3.6e6, f.co2eGrams(), f.durationSeconds(), f.method());
                }
            }
        }
        EnergyReport report = tracker.report();
        printReport(report, tracker);
        return report;
    }

    static void printReport(EnergyReport r, EnergyTracker tracker) {
        StringBuilder s = new StringBuilder();
        s.append("\n=== GreenAI report ").append(r.runId()).append(" (").append(r.status().id()).append(") ===\n");
        s.append(String.format(Locale.ROOT, "duration %.1f s | energy %.6f kWh (%.1f J) | %.4f gCO2e%n",
                r.durationSeconds(), r.energyKwh(), r.energyJoules(), r.co2eGrams()));
        s.append(String.format(Locale.ROOT, "carbon intensity %.1f gCO2e/kWh, %s, source: %s%s | PUE %.2f%n",
                r.carbonIntensity().gramsPerKwh(), r.carbonIntensity().location(), r.carbonIntensity().source(),
                r.carbonIntensity().isDefault() ? " (no location set: world average)" : "", r.pue()));
        s.append(String.format(Locale.ROOT, "%-16s %-11s %12s %10s %10s  %s%n", "channel", "provenance", "energy J",
                "mean W", "peak W", "detail"));
        for (EnergyReport.ChannelReport c : r.channels()) {
            s.append(String.format(Locale.ROOT, "%-16s %-11s %12.1f %10.2f %10.2f  %s%n", c.id(), c.provenance(),
                    c.energyJoules(), c.meanPowerWatts(), c.peakPowerWatts(), c.detail()));
        }
        s.append(String.format(Locale.ROOT, "tracker overhead: %.3f s sampler CPU, %d ticks, %d failed samples%n",
                r.overhead().samplerCpuSeconds(), r.overhead().ticks(), r.overhead().failedSamples()));
        tracker.reportFile().ifPresent(f -> s.append("report: ").append(f.toAbsolutePath()).append('\n'));
        s.append("model card block:\n").append(Reports.toModelCardYaml(r));
        System.out.print(s);
    }

    /** Prints one line per second: power per channel, energy, CO2e. */
    static final class LivePrinter implements org.greenai.tracker.TrackerListener {
        private long lastPrintNanos = Long.MIN_VALUE;
        volatile int epoch;
        volatile int epochs;

        @Override
        public synchronized void onSample(Snapshot s) {
            if (epochs == 0 || lastPrintNanos != Long.MIN_VALUE && s.elapsedNanos() - lastPrintNanos < 950_000_000L) {
                return;
            }
            lastPrintNanos = s.elapsedNanos();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1f s] %7.2f W (", s.elapsedNanos() / 1e9,
                    s.powerWatts()));
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
            line.append(String.format(Locale.ROOT, ") | %.7f kWh | %.5f gCO2e | epoch %d/%d", s.energyKwh(),
                    s.co2eGrams(), epoch, epochs));
            System.out.println(line);
        }
    }
}
