package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Device;
import org.junit.jupiter.api.Test;

/** The rule of {@code --precision auto}, fed with the hardware of each CPU and GPU kind. */
class HardwareInfoTest {
    private static HardwareInfo cpu(String cpuinfo, String capability) {
        return new HardwareInfo(capability, CpuFeatures.fromCpuinfo(cpuinfo), -1);
    }

    @Test
    void avx2OnlyPicks32AndSaysWhy() {
        HardwareInfo hw = cpu(CpuFeaturesTest.EPYC_AVX2, "AVX2");
        assertFalse(hw.bf16Native(Device.CPU));
        assertEquals(Precision.FP32, hw.autoPrecision(Device.CPU));
        String why = hw.autoReason(Device.CPU);
        assertTrue(why.startsWith("32: the CPU has no native bf16"), why);
        assertTrue(why.contains("avx avx2 fma") && why.contains("AVX2"), why);
    }

    @Test
    void avx512Bf16AndAmxPickBf16Mixed() {
        for (String info : new String[] {CpuFeaturesTest.AVX512_BF16, CpuFeaturesTest.AMX}) {
            HardwareInfo hw = cpu(info, "AVX512");
            assertEquals(Precision.BF16_MIXED, hw.autoPrecision(Device.CPU));
            String why = hw.autoReason(Device.CPU);
            assertTrue(why.startsWith("bf16-mixed: the CPU has native bf16 (avx512_bf16"), why);
        }
    }

    @Test
    void cudaDecidesByComputeCapability() {
        HardwareInfo ampere = new HardwareInfo("AVX2", CpuFeatures.fromCpuinfo(CpuFeaturesTest.EPYC_AVX2), 8);
        assertEquals(Precision.BF16_MIXED, ampere.autoPrecision(Device.cuda(0)));
        // the CPU of the same machine still has no bf16
        assertEquals(Precision.FP32, ampere.autoPrecision(Device.CPU));
        HardwareInfo turing = new HardwareInfo("AVX2", CpuFeatures.fromCpuinfo(CpuFeaturesTest.AVX512_BF16), 7);
        assertEquals(Precision.FP32, turing.autoPrecision(Device.cuda(0)));
        assertTrue(turing.autoReason(Device.cuda(0)).contains("compute capability 7.x"), turing.autoReason(Device.cuda(0)));
        assertTrue(cpu("", "DEFAULT").autoReason(Device.cuda(0)).contains("unknown compute capability"));
    }

    @Test
    void detectAgreesWithPrecisionAuto() {
        HardwareInfo hw = HardwareInfo.detect();
        assertFalse(hw.cpuCapability().isEmpty());
        assertEquals(hw.autoPrecision(Device.CPU), Precision.of("auto"));
        assertEquals(hw.autoPrecision(Device.CPU), Precision.of(" AUTO ", Device.CPU));
        assertEquals(hw.cpu().bf16Native() ? Precision.BF16_MIXED : Precision.FP32, Precision.auto(Device.CPU));
    }

    @Test
    void badArguments() {
        assertThrows(NullPointerException.class, () -> new HardwareInfo(null, CpuFeatures.detect(), -1));
        assertThrows(NullPointerException.class, () -> Precision.of("auto", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.of("autoo"));
        assertTrue(e.getMessage().contains("auto"), e.getMessage());
    }
}
