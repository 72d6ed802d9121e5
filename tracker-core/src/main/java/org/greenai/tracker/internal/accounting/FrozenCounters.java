package org.greenai.tracker.internal.accounting;

import java.util.Arrays;
import java.util.Locale;

import org.greenai.tracker.Channel;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;

/**
 * Which counters are frozen and what their standbys owe them (see {@link ChannelSpec#standby}). A counter is
 * frozen once it has not advanced for {@link Accounts#FROZEN_AFTER_NANOS}; from its last advance on, its standby's
 * energy counts, for the counter's share of it, until the counter moves again. A standby's interval is spread
 * evenly over its time: the part inside a covered counter's frozen span is counted, the part since the counter's
 * last advance is kept pending, to be counted if the counter turns out frozen since then. Exact whichever of the
 * two is read first in a tick. Not thread-safe: used by {@link Accounts} under its lock.
 */
final class FrozenCounters {
    private final ChannelSpec[] specs;
    /** For a counter channel: the standby that covers it, or -1; and its share of that standby's power. */
    private final int[] standbyOf;
    private final double[] share;
    /** For a standby channel: the counter channels it covers (empty for every other channel). */
    private final int[][] covers;
    /** For a standby channel: whether it has stood in at least once (until then its energy is not applicable). */
    private final boolean[] stoodIn;
    private final long[] lastAdvanceNanos;
    /** For a counter channel: its share of its standby's energy since the counter last advanced (not counted). */
    private final double[] pendingJoules;
    private final boolean[] advanced;
    private final boolean[] frozen;
    /** For a counter channel: the start of its frozen span (its last advance before it froze). */
    private final long[] frozenSinceNanos;
    /** For a counter that moved again at {@code thawNanos}: its standby still owes the span up to then. */
    private final boolean[] thawPending;
    private final long[] thawNanos;
    private final long[] frozenNanos;
    private final long[] frozenSpans;
    /** For a standby channel: how the report shows it before and after it first stood in (built once). */
    private final Channel[] standbyNotNeeded;
    private final Channel[] standbyNeeded;

    FrozenCounters(ChannelSpec[] specs) {
        this.specs = specs;
        int n = specs.length;
        standbyOf = new int[n];
        Arrays.fill(standbyOf, -1);
        share = new double[n];
        covers = new int[n][];
        stoodIn = new boolean[n];
        lastAdvanceNanos = new long[n];
        pendingJoules = new double[n];
        advanced = new boolean[n];
        frozen = new boolean[n];
        frozenSinceNanos = new long[n];
        thawPending = new boolean[n];
        thawNanos = new long[n];
        frozenNanos = new long[n];
        frozenSpans = new long[n];
        standbyNotNeeded = new Channel[n];
        standbyNeeded = new Channel[n];
        for (int s = 0; s < n; s++) {
            covers[s] = coveredBy(specs, s);
            for (int i : covers[s]) {
                standbyOf[i] = s;
                share[i] = 1.0 / covers[s].length;
            }
            if (covers[s].length > 0) {
                standbyNotNeeded[s] = standbyChannel(s, " (not needed so far)");
                standbyNeeded[s] = standbyChannel(s, "");
            }
        }
    }

    /** Standby {@code s} as the report shows it: what it stands in for, then its own detail. */
    private Channel standbyChannel(int s, String note) {
        Channel c = specs[s].channel();
        StringBuilder ids = new StringBuilder();
        for (int k : covers[s]) {
            ids.append(ids.length() == 0 ? "" : ", ").append(specs[k].id());
        }
        return new Channel(c.id(), c.component(), c.name(), c.provenance(), "standby for " + ids
                + ": counted only while their counters are frozen" + note + "; " + c.detail());
    }

    /** The counter channels that {@code specs[s]} stands in for, by index; a counter covered twice keeps the first. */
    private static int[] coveredBy(ChannelSpec[] specs, int s) {
        if (!specs[s].isStandby()) {
            return new int[0];
        }
        int[] found = new int[specs.length];
        int count = 0;
        for (String id : specs[s].standsInFor()) {
            for (int i = 0; i < specs.length; i++) {
                if (specs[i].id().equals(id) && specs[i].provenance() == Provenance.COUNTER
                        && !isCoveredEarlier(specs, i, s)) {
                    found[count++] = i;
                }
            }
        }
        return Arrays.copyOf(found, count);
    }

    private static boolean isCoveredEarlier(ChannelSpec[] specs, int counter, int standby) {
        for (int s = 0; s < standby; s++) {
            if (specs[s].standsInFor().contains(specs[counter].id())) {
                return true;
            }
        }
        return false;
    }

    int standbyOf(int i) {
        return standbyOf[i];
    }

    boolean isStandby(int s) {
        return covers[s].length > 0;
    }

    boolean stoodIn(int s) {
        return stoodIn[s];
    }

    boolean isFrozen(int i) {
        return frozen[i];
    }

    /** Whether the channel's energy is not applicable: a standby never needed, or a counter frozen since it started. */
    boolean unknown(int i) {
        return (isStandby(i) && !stoodIn[i]) || (frozen[i] && !advanced[i]);
    }

    /** The counter moved at {@code nanos}; {@code first} for its first reading (the baseline). */
    void advance(int i, long nanos, boolean first) {
        lastAdvanceNanos[i] = nanos;
        advanced[i] |= !first;
        pendingJoules[i] = 0;
    }

    /** Whether the counter, still at {@code nanos}, has been still long enough to be frozen now. */
    boolean freezesAt(int i, long nanos) {
        return !frozen[i] && nanos - lastAdvanceNanos[i] >= Accounts.FROZEN_AFTER_NANOS;
    }

    /**
     * The counter is frozen from its last advance on. Returns its standby's energy since that advance (the
     * detection delay included), to be counted now for the standby, or 0 without one.
     */
    double freeze(int i) {
        frozen[i] = true;
        frozenSpans[i]++;
        frozenSinceNanos[i] = lastAdvanceNanos[i];
        double owed = pendingJoules[i];
        pendingJoules[i] = 0;
        if (standbyOf[i] >= 0) {
            stoodIn[standbyOf[i]] = true;
            return owed;
        }
        return 0;
    }

    /** The counter moves again at {@code nanos}: measured from there on; its standby still covers up to then. */
    void thaw(int i, long nanos) {
        frozen[i] = false;
        thawPending[i] = standbyOf[i] >= 0;
        thawNanos[i] = nanos;
        frozenNanos[i] += nanos - frozenSinceNanos[i];
        advance(i, nanos, false);
    }

    /** Standby {@code s}'s interval {@code [start, end]} with {@code joules}: the energy that counts now. */
    double standbyInterval(int s, long start, long end, double joules) {
        double credited = 0;
        for (int i : covers[s]) {
            double joulesForI = share[i] * joules;
            if (frozen[i] || thawPending[i]) {
                long to = frozen[i] ? Long.MAX_VALUE : thawNanos[i];
                credited += joulesForI * overlap(start, end, frozenSinceNanos[i], to);
                if (!frozen[i] && end >= thawNanos[i]) {
                    thawPending[i] = false;
                }
            }
            if (!frozen[i]) {
                pendingJoules[i] += joulesForI * overlap(start, end, lastAdvanceNanos[i], Long.MAX_VALUE);
            }
        }
        return credited;
    }

    /** The fraction of {@code [start, end]} that lies inside {@code [from, to]}; 0 for an empty interval. */
    private static double overlap(long start, long end, long from, long to) {
        if (end <= start) {
            return 0;
        }
        long inside = Math.min(end, to) - Math.max(start, from);
        return inside <= 0 ? 0 : (double) inside / (end - start);
    }

    /** The part of standby {@code s}'s power that stands in now: the shares of the covered counters now frozen. */
    double frozenShare(int s) {
        double sum = 0;
        for (int i : covers[s]) {
            if (frozen[i]) {
                sum += share[i];
            }
        }
        return sum;
    }

    long frozenSpans(int i) {
        return frozenSpans[i];
    }

    /** How long the counter was frozen in all, up to {@code lastNanos} (its last reading). */
    long frozenNanos(int i, long lastNanos) {
        return frozenNanos[i] + (frozen[i] ? lastNanos - frozenSinceNanos[i] : 0);
    }

    /**
     * Channel {@code i} as the report shows it: a counter frozen since its first reading is unavailable (not a
     * measurement) with the reason; a counter that froze says so; a standby says what it stands in for.
     */
    Channel shown(int i, long lastNanos) {
        Channel c = specs[i].channel();
        if (frozenSpans[i] > 0) {
            String span = String.format(Locale.ROOT, "%.1f s", frozenNanos(i, lastNanos) / 1e9);
            String standby = standbyOf[i] >= 0 ? specs[standbyOf[i]].id() + " stood in" : "nothing stood in";
            if (frozen[i] && !advanced[i]) {
                return new Channel(c.id(), c.component(), c.name(), Provenance.UNAVAILABLE,
                        "counter never advanced (" + span + "), which live hardware never does: not a measurement ("
                                + "a VM exposing energy registers that do not count, a domain that is not metered, "
                                + "a stalled driver); " + standby + (standbyOf[i] >= 0 ? "" : ", its energy is unknown")
                                + ". Fix: none needed for the fallback; to measure, run where this counter counts "
                                + "(bare metal, a VM that passes it through), or leave it out with GREENAI_EXCLUDE="
                                + c.id() + "; was: " + c.detail());
            }
            return new Channel(c.id(), c.component(), c.name(), c.provenance(), c.detail() + "; counter frozen "
                    + frozenSpans[i] + (frozenSpans[i] == 1 ? " time, " : " times, ") + span + " in all ("
                    + standby + (standbyOf[i] >= 0 ? "" : ": energy unknown there") + ")");
        }
        if (isStandby(i)) {
            return stoodIn[i] ? standbyNeeded[i] : standbyNotNeeded[i];
        }
        return c;
    }
}
