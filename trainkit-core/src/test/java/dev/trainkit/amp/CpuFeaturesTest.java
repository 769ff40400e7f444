package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing /proc/cpuinfo texts of the CPU kinds that decide bf16 speed. */
class CpuFeaturesTest {
    /** An AVX2-only AMD EPYC under KVM, as this project's CI machine lists it (shortened). */
    static final String EPYC_AVX2 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"
            + "flags\t\t: fpu vme de pse tsc msr pae mce sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi2\n"
            + "bogomips\t: 4899.99\n\nprocessor\t: 1\nflags\t\t: fpu avx avx2 fma\n";
    /** A Cooper Lake / Zen 4 kind of CPU with AVX-512 bf16. */
    static final String AVX512_BF16 = "processor\t: 0\nflags\t\t: sse avx avx2 fma avx512f avx512bw avx512vl "
            + "avx512_vnni avx512_bf16\n";
    /** A Sapphire Rapids kind of CPU with AMX. */
    static final String AMX = "flags\t\t: avx avx2 fma avx512f avx512_bf16 avx512_fp16 amx_bf16 amx_tile amx_int8\n";

    @Test
    void avx2OnlyHasNoNativeBf16() {
        CpuFeatures c = CpuFeatures.fromCpuinfo(EPYC_AVX2);
        assertTrue(c.known());
        assertFalse(c.bf16Native());
        assertEquals(List.of("avx", "avx2", "fma"), c.relevantFlags());
        assertTrue(c.has("sse4_2"));
        assertEquals("avx avx2 fma", c.toString());
    }

    @Test
    void avx512Bf16AndAmxAreNative() {
        CpuFeatures a = CpuFeatures.fromCpuinfo(AVX512_BF16);
        assertTrue(a.bf16Native());
        assertEquals(List.of("avx512_bf16"), a.bf16Flags());
        CpuFeatures x = CpuFeatures.fromCpuinfo(AMX);
        assertTrue(x.bf16Native());
        assertEquals(List.of("avx512_bf16", "amx_bf16"), x.bf16Flags());
        // RELEVANT's order, not the line's
        assertEquals(List.of("avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8",
                "amx_bf16"), x.relevantFlags());
    }

    @Test
    void amxTileAloneIsNotBf16() {
        assertFalse(CpuFeatures.fromCpuinfo("flags : avx2 avx512f amx_tile amx_int8\n").bf16Native());
    }

    @Test
    void noFlagsLineIsUnknown() {
        // e.g. an ARM cpuinfo ("Features"), or an empty file
        CpuFeatures c = CpuFeatures.fromCpuinfo("processor : 0\nFeatures : fp asimd bf16\n");
        assertFalse(c.known());
        assertFalse(c.bf16Native());
        assertEquals("unknown", c.toString());
        assertFalse(CpuFeatures.fromCpuinfo("").known());
    }

    @Test
    void detectReadsThisMachine() {
        CpuFeatures c = CpuFeatures.detect();
        // on Linux x86 the flags line exists; the AVX2 bit then agrees with the raw text
        if (c.known()) {
            assertEquals(c.relevantFlags().contains("avx2"), c.has("avx2"));
        }
        assertEquals(c.bf16Native(), c.has("avx512_bf16") || c.has("amx_bf16"));
    }
}
