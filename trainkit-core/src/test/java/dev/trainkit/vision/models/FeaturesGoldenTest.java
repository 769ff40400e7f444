package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feature stages against torchvision 0.14 (golden/zoo/features.txt, tools/golden/gen_zoo_features.py):
 * per builder, the stage names, the shapes of the maps for the golden's input size, the channels
 * and the strides {@link FeatureStage} states; and every family of {@link ModelFamilies} is covered.
 */
class FeaturesGoldenTest {
    /** One golden line: spec|HxW|node|n,c,h,w|reduction. */
    record Stage(String spec, long h, long w, String node, long[] shape, long reduction) {
    }

    static Map<String, List<Stage>> golden() throws IOException {
        Map<String, List<Stage>> out = new LinkedHashMap<>();
        try (InputStream in = FeaturesGoldenTest.class.getResourceAsStream("/golden/zoo/features.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\\|");
                String[] hw = f[1].split("x");
                Stage s = new Stage(f[0], Long.parseLong(hw[0]), Long.parseLong(hw[1]), f[2],
                        Arrays.stream(f[3].split(",")).mapToLong(Long::parseLong).toArray(), Long.parseLong(f[4]));
                out.computeIfAbsent(s.spec(), k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }

    static Stream<String> specs() throws IOException {
        return golden().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void stagesMatchTorchvisionsModuleOutputs(String spec) throws IOException {
        List<Stage> want = golden().get(spec);
        Module m = Models.create(spec).eval();
        List<FeatureStage> stages = Features.stages(m);
        assertEquals(want.stream().map(Stage::node).toList(), Features.names(m), spec + ": stage names");
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Map<String, Tensor> f = Features.extract(m, Torch.randn(1, 3, want.get(0).h(), want.get(0).w()));
            for (int i = 0; i < want.size(); i++) {
                Stage g = want.get(i);
                assertArrayEquals(g.shape(), f.get(g.node()).shape(), spec + " " + g.node() + ": shape");
                assertEquals(g.shape()[1], stages.get(i).channels(), spec + " " + g.node() + ": channels");
                assertEquals(g.reduction(), stages.get(i).reduction(), spec + " " + g.node() + ": reduction");
            }
        }
    }

    @Test
    void everyFamilyHasFeatureStagesInTheGolden() throws IOException {
        Set<String> covered = new LinkedHashSet<>();
        for (String spec : golden().keySet()) {
            covered.add(ModelFamilies.forBuilder(SpecParser.parse(spec).name()).name());
        }
        assertEquals(ModelFamilies.all().stream().map(ModelFamily::name).sorted().toList(),
                covered.stream().sorted().toList());
    }
}
