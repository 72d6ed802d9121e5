package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlMemory;
import org.greenai.tracker.nvml.jna.NvmlUtilization;
import org.greenai.tracker.nvml.jna.NvmlValue;
import org.junit.jupiter.api.Test;

/** The JNA structures have the layout the C compiler gives the nvml.h structures. */
class NvmlStructureLayoutTest {

    @Test
    void fieldValueMatchesTheCLayout() {
        FakeNvml.Control c = FakeNvml.get();
        NvmlFieldValue value = new NvmlFieldValue();
        assertThat(value.size()).isEqualTo(40).isEqualTo(c.fakeNvmlLayout("sizeof nvmlFieldValue_t").intValue());
        for (String field : new String[] {"fieldId", "scopeId", "timestamp", "latencyUsec", "valueType", "nvmlReturn",
                "value"}) {
            assertThat(value.offsetOf(field)).as(field)
                    .isEqualTo(c.fakeNvmlLayout("offsetof nvmlFieldValue_t." + field).intValue());
        }
        assertThat(new NvmlValue().size()).isEqualTo(8).isEqualTo(c.fakeNvmlLayout("sizeof nvmlValue_t").intValue());
    }

    @Test
    void memoryAndUtilizationMatchTheCLayout() {
        FakeNvml.Control c = FakeNvml.get();
        assertThat(new NvmlMemory().size()).isEqualTo(24).isEqualTo(c.fakeNvmlLayout("sizeof nvmlMemory_t").intValue());
        assertThat(new NvmlUtilization().size()).isEqualTo(8)
                .isEqualTo(c.fakeNvmlLayout("sizeof nvmlUtilization_t").intValue());
        NvmlMemory memory = new NvmlMemory();
        memory.used = 0x0123_4567_89AB_CDEFL;
        memory.write();
        assertThat(memory.getPointer().getLong(c.fakeNvmlLayout("offsetof nvmlMemory_t.used").longValue()))
                .isEqualTo(0x0123_4567_89AB_CDEFL);
        NvmlUtilization utilization = new NvmlUtilization();
        utilization.memory = 77;
        utilization.write();
        assertThat(utilization.getPointer().getInt(c.fakeNvmlLayout("offsetof nvmlUtilization_t.memory").longValue()))
                .isEqualTo(77);
        assertThat(c.fakeNvmlLayout("no such thing").intValue()).isEqualTo(-1);
    }

    @Test
    void reusableFieldRequestHoldsItsIdInNativeMemoryAndDoesNotSynchroniseAutomatically() {
        NvmlFieldValue request = NvmlFieldValue.forField(186);
        assertThat(request.requestedFieldId()).isEqualTo(186);
        assertThat(request.getAutoRead()).isFalse();
        assertThat(request.getAutoWrite()).isFalse();
    }
}
