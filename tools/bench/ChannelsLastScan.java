import dev.trainkit.bench.MemoryFormats;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;

/**
 * Compares libtorch's channels_last 1×1 convolution with its NCHW one over a grid of shapes
 * (input and output channels, size, stride, batch) and prints one line per shape: "ok" or
 * "WRONG" with the largest difference relative to the largest NCHW output. Before each shape it
 * prints a "CFG" line, so a wrapper can tell which shape killed the process and go on after it.
 * A single-file program: run it through tools/bench/channels_last_scan.sh.
 * Arguments: the number of shapes to skip (those already done).
 */
public final class ChannelsLastScan {
    private ChannelsLastScan() {
    }

    public static void main(String[] args) {
        int skip = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int index = 0;
        for (int in : new int[] {64, 128, 256, 512, 1024}) {
            for (int out : new int[] {64, 128, 256, 512, 1024, 2048}) {
                for (int size : new int[] {2, 4, 7, 8, 14, 28, 56}) {
                    for (int stride : new int[] {1, 2}) {
                        for (int batch : new int[] {2, 32}) {
                            if (batch == 32 && size > 14) {
                                continue; // keeps the scan to a few minutes
                            }
                            index++;
                            if (index <= skip) {
                                continue;
                            }
                            String shape = String.format("%d in%d out%d size%d stride%d batch%d",
                                    index, in, out, size, stride, batch);
                            System.out.println("CFG " + shape);
                            System.out.flush();
                            System.out.println("RES " + shape + " " + compare(in, out, size, stride, batch));
                        }
                    }
                }
            }
        }
        System.out.println("DONE");
    }

    private static String compare(int in, int out, int size, int stride, int batch) {
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Torch.manualSeed(0);
            Conv2d conv = new Conv2d(in, out, 1, stride, 0);
            Tensor x = Torch.randn(batch, in, size, size);
            Tensor nchw = conv.forward(x);
            MemoryFormats.toChannelsLast(conv);
            Tensor last = conv.forward(MemoryFormats.channelsLast(x));
            double d = nchw.sub(last).abs().max().item() / nchw.abs().max().item();
            return (d > 1e-4 ? "WRONG " : "ok ") + d;
        }
    }
}
