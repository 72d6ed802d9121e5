/**
 * Test fakes for code that uses the tracker or implements its probe SPI, so that tests run fast, alone and on any
 * machine: a clock moved by hand ({@link org.greenai.tracker.testing.FakeClock}), probes that report what the test
 * says ({@link org.greenai.tracker.testing.ScriptedProbe}, {@link org.greenai.tracker.testing.ConstantPowerProbe},
 * {@link org.greenai.tracker.testing.FakeProbe}), a provider context
 * ({@link org.greenai.tracker.testing.FakeProbeContext}), a powercap tree on disk
 * ({@link org.greenai.tracker.testing.FakePowercapTree}), readings that record or count what a probe reports
 * ({@link org.greenai.tracker.testing.RecordingReadings}, {@link org.greenai.tracker.testing.CountingReadings}), the
 * usual counter constants ({@link org.greenai.tracker.testing.Counters}) and a tracker builder that depends on
 * nothing of the machine ({@link org.greenai.tracker.testing.TrackerFixtures}).
 *
 * <p>Everything here uses only the tracker's public API and SPI, and needs no test framework.
 */
package org.greenai.tracker.testing;
