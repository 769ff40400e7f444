package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.Batch;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.Losses;
import dev.trainkit.optim.LBFGS;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.ModelSpecs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LBFGS driven by the Trainer through a closure (Lightning's optimizer_closure). */
class LbfgsTrainingTest {
    private static final String SPEC = "LBFGS(lr=0.5, max_iter=4, history_size=5, line_search_fn=strong_wolfe)";

    private static Module model() {
        Torch.manualSeed(5);
        return ModelSpecs.create("mlp(hidden=[8])", new long[] {2}, 3);
    }

    private static TrainerBuilder builder(Path dir, String optimizer) {
        return Trainer.builder().maxEpochs(2).loss("CrossEntropyLoss()").optimizer(optimizer).precision("32")
                .runDir(dir).seed(3L).progress(false);
    }

    @Test
    void eachStepReRunsForwardLossAndBackwardOnTheSameBatchAsAPlainLbfgsLoop(@TempDir Path dir) {
        TensorDataset data = Synthetic.blobs(24, 1);
        Module a = model();
        int[] evaluations = {0};
        Callback counter = new Callback() {
            @Override
            public void onBeforeBackward(TrainContext ctx, Tensor loss) {
                evaluations[0]++;
            }
        };
        builder(dir, SPEC).maxEpochs(1).callback(counter).build()
                .fit(a, Synthetic.loader(data, 12, false), null);

        // the same two steps by hand: step(closure) per batch, the closure zeroing the gradients first
        Module b = model();
        LBFGS opt = (LBFGS) Optimizers.create(SPEC, b.parameters());
        var loss = Losses.create("CrossEntropyLoss()");
        int[] manual = {0};
        for (Batch batch : Synthetic.loader(data, 12, false)) {
            opt.step(() -> {
                opt.zeroGrad();
                Tensor l = loss.apply(b.forward(batch.inputs()), batch.labels());
                l.backward();
                manual[0]++;
                return l.item();
            });
        }
        assertArrayEquals(ResumeMain.weights(b), ResumeMain.weights(a), "Trainer vs a plain step(closure) loop");
        assertEquals(manual[0], evaluations[0], "one forward/backward per closure evaluation");
        assertTrue(evaluations[0] > 2, "LBFGS evaluated the closure several times per step: " + evaluations[0]);
    }

    @Test
    void schedulersSetTheLearningRateEachStepUses(@TempDir Path dir) {
        List<Double> lrs = new ArrayList<>();
        Callback rec = new Callback() {
            @Override
            public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
                lrs.add(ctx.stepLr());
            }
        };
        builder(dir, "LBFGS(lr=1, max_iter=2)").scheduler("StepLR(step_size=2, gamma=0.5)", Interval.STEP)
                .callback(rec).build().fit(model(), Synthetic.loader(Synthetic.blobs(24, 1), 6, false), null);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125), lrs);
    }

    @Test
    void resumedRunMatchesTheUninterruptedOneBitForBit(@TempDir Path dir) {
        TensorDataset data = Synthetic.blobs(30, 1);
        Module a = model();
        builder(dir.resolve("a"), SPEC).scheduler("StepLR(step_size=3, gamma=0.7)", Interval.STEP).build()
                .fit(a, Synthetic.loader(data, 6, true), null);
        Callback stopAt4 = new Callback() {
            @Override
            public void onTrainBatchEnd(TrainContext c, long step, double loss) {
                if (step == 4) {
                    c.requestStop("test");
                }
            }
        };
        Module b = model();
        builder(dir.resolve("b"), SPEC).scheduler("StepLR(step_size=3, gamma=0.7)", Interval.STEP)
                .checkpointEveryNSteps(3).callback(stopAt4).build().fit(b, Synthetic.loader(data, 6, true), null);
        Module c = model();
        FitResult r = builder(dir.resolve("b"), SPEC).scheduler("StepLR(step_size=3, gamma=0.7)", Interval.STEP)
                .build().fit(c, Synthetic.loader(data, 6, true), null, dir.resolve("b/checkpoints/last.ckpt"));
        assertEquals(10, r.globalStep());
        assertArrayEquals(ResumeMain.weights(a), ResumeMain.weights(c), "resumed vs uninterrupted");
    }

    @Test
    void lossScalingAndAccumulationAreRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(dir, SPEC)
                .precision("16-mixed").build().fit(model(), Synthetic.loader(Synthetic.blobs(6, 1), 6, false), null));
        assertTrue(e.getMessage().contains("AMP and the LBFGS optimizer are not compatible"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> builder(dir, SPEC)
                .accumulateGradBatches(2).build().fit(model(), Synthetic.loader(Synthetic.blobs(6, 1), 3, false), null));
        assertTrue(f.getMessage().contains("accumulate_grad_batches=2"), f.getMessage());
    }
}
