package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeNvidiaDevicesTest {

    @TempDir
    Path root;

    @Test
    void aGpuHasTheDriversInformationFileAndItsDeviceFile() throws Exception {
        FakeNvidiaDevices devices = FakeNvidiaDevices.in(root).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 2);

        Path information = root.resolve("proc/driver/nvidia/gpus/0000:01:00.0/information");
        assertThat(devices.root()).isEqualTo(root);
        assertThat(Files.readAllLines(information)).startsWith("Model: \t\t NVIDIA A100-SXM4-80GB")
                .contains("Bus Location: \t 0000:01:00.0", "Device Minor: \t 2");
        assertThat(root.resolve("dev/nvidia2")).isRegularFile();
        assertThat(FakeNvidiaDevices.DETECT_ROOT_SETTING).isEqualTo("gpu.detect.root");
    }

    @Test
    void aDriverEntryAloneHasNoDeviceFile() {
        FakeNvidiaDevices.in(root).driverEntry("0000:3b:00.0", "Tesla V100-PCIE-16GB", 0).deviceFile("nvidiactl");

        assertThat(root.resolve("proc/driver/nvidia/gpus/0000:3b:00.0/information")).isRegularFile();
        assertThat(root.resolve("dev/nvidia0")).doesNotExist();
        assertThat(root.resolve("dev/nvidiactl")).isRegularFile();
    }
}
