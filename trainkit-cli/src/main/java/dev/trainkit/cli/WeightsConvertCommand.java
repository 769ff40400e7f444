package dev.trainkit.cli;

import dev.trainkit.io.PthReader;
import dev.trainkit.io.WeightsFiles;
import dev.trainkit.io.WeightsFormatException;
import dev.trainkit.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainkit weights convert IN OUT}: between .pth and safetensors, by extension. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a state dict between .pth (torch.save zip format) and .safetensors.",
                "The output format follows OUT's extension (.pth/.pt/.bin/.ckpt or .safetensors); the file"
                        + " is written atomically."})
final class WeightsConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input weights file (.pth zip or legacy, safetensors).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file.")
    Path out;

    @Option(names = "--key", paramLabel = "NAME",
            description = "Take the state dict from this entry of a checkpoint dict, e.g. state_dict.")
    String key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Tensor> sd = key == null ? WeightsFiles.load(in) : entry();
        WeightsFiles.save(sd, out);
        spec.commandLine().getErr().println("converted " + sd.size() + " tensors: " + in + " -> " + out);
        return 0;
    }

    private Map<String, Tensor> entry() throws Exception {
        if (WeightsFiles.isSafetensors(in)) {
            throw new IllegalArgumentException("--key: safetensors files hold no nested checkpoints");
        }
        Object o = PthReader.load(in);
        if (!(o instanceof Map<?, ?> m) || !m.containsKey(key)) {
            throw new IllegalArgumentException("--key: '" + key + "' is not an entry of " + in
                    + (o instanceof Map<?, ?> m2 ? "; entries: " + m2.keySet() : ""));
        }
        if (!(m.get(key) instanceof Map<?, ?> sd)) {
            throw new WeightsFormatException(in + ": entry '" + key + "' is not a state dict");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : sd.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Tensor t)) {
                throw new WeightsFormatException(in + ": entry '" + key + "' holds a non-tensor at " + e.getKey());
            }
            out.put(k, t);
        }
        return out;
    }
}
