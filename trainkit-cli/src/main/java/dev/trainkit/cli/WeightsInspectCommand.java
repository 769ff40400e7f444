package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.io.TensorInfo;
import dev.trainkit.io.WeightsFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainkit weights inspect FILE}: names, dtypes and shapes, without loading the values. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"List the tensors of a weights file (.pth zip or legacy, safetensors) in file order.",
                "JSON: {\"tensors\": {name: {\"shape\": [...], \"dtype\": \"float32\"}}}.",
                "Pickled code is never run: a file calling anything but the state-dict globals is refused."})
final class WeightsInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The weights file.")
    Path file;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("table")) {
            throw new IllegalArgumentException("--format: expected json or table, got '" + format + "'");
        }
        Map<String, TensorInfo> tensors = WeightsFiles.inspect(file);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            ObjectNode t = root.putObject("tensors");
            tensors.forEach((name, info) -> {
                ObjectNode n = t.putObject(name);
                com.fasterxml.jackson.databind.node.ArrayNode shape = n.putArray("shape");
                for (long d : info.shape()) {
                    shape.add(d);
                }
                n.put("dtype", info.dtype().pyName());
            });
            out.println(json.writeValueAsString(root));
        } else {
            int w = tensors.keySet().stream().mapToInt(String::length).max().orElse(4);
            long total = 0;
            out.printf("%-" + w + "s  %-8s  %s%n", "name", "dtype", "shape");
            for (Map.Entry<String, TensorInfo> e : tensors.entrySet()) {
                out.printf("%-" + w + "s  %-8s  %s%n", e.getKey(), e.getValue().dtype().pyName(),
                        Arrays.toString(e.getValue().shape()));
                total += e.getValue().numel();
            }
            out.println(tensors.size() + " tensors, " + total + " elements");
        }
        out.flush();
        return 0;
    }
}
