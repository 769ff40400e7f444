package dev.trainkit.train;

import dev.trainkit.vision.metrics.IoUDiceMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.DataLoader;
import dev.trainkit.data.SegmentationBatch;
import dev.trainkit.data.SegmentationSample;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.datasets.Shapes;
import dev.trainkit.vision.models.segmentation.UNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A U-Net trained on tiny Shapes through {@code Trainer.fit} with segmentation batches. */
class SegmentationFitTest {
    static final long[] SMALL_DECODER = {32, 16, 16, 8, 8};

    static DataLoader<SegmentationSample, SegmentationBatch> loader(Shapes ds, int batch, boolean shuffle) {
        return DataLoader.builder(ds, SegmentationBatch::collate).batchSize(batch).shuffle(shuffle).seed(1).build();
    }

    static Shapes shapes(int n, long seed, boolean binary) {
        return Shapes.builder().length(n).size(32).seed(seed).binary(binary).build();
    }

    @Test
    void unetTrainsWithDiceBceAndReportsMiou() {
        Torch.manualSeed(0);
        UNet unet = new UNet(1, SMALL_DECODER);
        List<Double> losses = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
                losses.add(loss);
            }
        };
        FitResult r;
        try (var train = loader(shapes(8, 1, true), 4, true); var val = loader(shapes(4, 2, true), 4, false)) {
            r = Trainer.builder().loss("DiceBCELoss()").optimizer("AdamW(lr=3e-3)").maxEpochs(5)
                    .metrics(() -> new IoUDiceMetric(2)).callback(record).progress(false).build()
                    .fit(unet, train, val, BatchAdapter.binarySegmentation());
        }
        assertEquals(10, r.globalStep());
        double first = (losses.get(0) + losses.get(1)) / 2;
        double last = (losses.get(8) + losses.get(9)) / 2;
        assertTrue(last < 0.8 * first, "loss did not decrease: " + losses);
        Map<String, Double> m = r.metrics();
        for (String k : List.of("val_loss", "val_miou", "val_mdice", "val_iou_0", "val_iou_1")) {
            assertTrue(m.containsKey(k), k + " missing from " + m);
        }
        assertTrue(m.get("val_miou") > 0 && m.get("val_miou") <= 1, m.toString());
        assertTrue(m.get("val_mdice") >= m.get("val_miou"), m.toString()); // Dice >= IoU per class
    }

    @Test
    void multiclassMasksGoThroughTheSameLoop() {
        Torch.manualSeed(0);
        UNet unet = new UNet(Shapes.CLASSES.size(), SMALL_DECODER);
        Map<String, Double> m;
        try (var train = loader(shapes(4, 1, false), 4, false); var val = loader(shapes(4, 2, false), 4, false)) {
            Trainer t = Trainer.builder().loss("CrossEntropyLoss()").optimizer("AdamW(lr=1e-3)").maxEpochs(1)
                    .metrics(() -> new IoUDiceMetric(Shapes.CLASSES.size())).progress(false).build();
            t.fit(unet, train, null, BatchAdapter.segmentation());
            m = t.validate(unet, val, BatchAdapter.segmentation());
        }
        assertTrue(m.containsKey("val_iou_3") && Double.isFinite(m.get("val_loss")), m.toString());
        assertTrue(Double.isFinite(m.get("val_miou")), m.toString());
    }

    @Test
    void binaryLogitsNeedTwoClasses() {
        Tensor logits = Torch.zeros(dev.trainkit.tensor.DType.FLOAT32, 1, 1, 2, 2);
        Tensor target = Torch.ones(dev.trainkit.tensor.DType.FLOAT32, 1, 1, 2, 2);
        IoUDiceMetric two = new IoUDiceMetric(2);
        two.update(logits.add(1.0), target); // every logit > 0: all predicted 1, all targets 1
        assertEquals(1.0, two.compute().get("iou_1"), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IoUDiceMetric(3).update(logits, target));
        assertTrue(e.getMessage().contains("numClasses 2"), e.getMessage());
    }
}
