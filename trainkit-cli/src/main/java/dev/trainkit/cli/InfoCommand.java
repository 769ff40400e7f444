package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.amp.HardwareInfo;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NativeEnvironment;
import dev.trainkit.tensor.Torch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainkit info}: versions of TrainKit, libtorch and the JVM, the CPU threads used, and the
 * hardware facts that decide precision: libtorch's CPU capability, the CPU flags that matter,
 * whether bf16 is native and what {@code --precision auto} picks, and the native libraries'
 * environment variables ({@link NativeEnvironment}).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print versions of TrainKit, libtorch and the JVM, CPU capability and flags, what --precision auto picks, and the native environment variables.")
public final class InfoCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        CliOptions.checkOneOf("--format", format, "text", "json");
        HardwareInfo hw = HardwareInfo.detect();
        Device device = Device.CPU;
        if (format.equals("json")) {
            ObjectNode o = Json.object();
            o.put("trainkit", "0.1.0");
            o.put("java", System.getProperty("java.version"));
            o.put("libtorch", Torch.version());
            o.put("threads", Torch.numThreads());
            o.put("cpu_capability", hw.cpuCapability());
            var flags = o.putArray("cpu_flags");
            hw.cpu().relevantFlags().forEach(flags::add);
            o.put("bf16_native", hw.bf16Native(device));
            o.put("auto_precision", hw.autoPrecision(device).lightningName());
            o.put("auto_precision_reason", hw.autoReason(device));
            ObjectNode env = o.putObject("native_env");
            NativeEnvironment.current().forEach(env::put);
            System.out.println(Json.write(o));
        } else {
            System.out.println("trainkit        0.1.0");
            System.out.println("java            " + System.getProperty("java.version"));
            System.out.println("libtorch        " + Torch.version());
            System.out.println("threads         " + Torch.numThreads());
            System.out.println("cpu_capability  " + hw.cpuCapability());
            System.out.println("cpu_flags       " + hw.cpu());
            System.out.println("bf16_native     " + hw.bf16Native(device));
            System.out.println("auto_precision  " + hw.autoReason(device));
            System.out.println("native_env      " + NativeEnvironment.describe());
        }
        return 0;
    }
}
