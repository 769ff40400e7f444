package dev.trainkit;

import dev.trainkit.nn.finetune.BatchNormStats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.amp.Autocast;
import dev.trainkit.amp.GradScaler;
import dev.trainkit.amp.HalfPrecision;
import dev.trainkit.amp.Precision;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.io.PthWriter;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.finetune.Freezer;
import dev.trainkit.optim.AdamW;
import dev.trainkit.optim.finetune.ParamGroups;
import dev.trainkit.vision.finetune.Heads;
import dev.trainkit.vision.finetune.ModelBlocks;
import dev.trainkit.vision.models.Features;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.transforms.Transforms;
import dev.trainkit.vision.transforms.Transform;
import dev.trainkit.vision.transforms.MixupCutmix;
import dev.trainkit.vision.transforms.MixedBatch;
import dev.trainkit.vision.transforms.BatchTransform;
import dev.trainkit.train.FitResult;
import dev.trainkit.train.Interval;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.metrics.TopKAccuracy;
import dev.trainkit.train.Trainer;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.nn.loss.BCEWithLogitsLoss;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.nn.loss.DiceLoss;
import dev.trainkit.nn.loss.Loss;
import dev.trainkit.nn.loss.LossFunction;
import dev.trainkit.nn.loss.Losses;
import dev.trainkit.nn.loss.Mode;
import dev.trainkit.optim.ClipGrad;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.SGD;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.LambdaLR;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's API tour, compiled and run; {@link ReadmeSnippetsTest} keeps the two in sync. */
class ReadmeExamplesTest {

    @Test
    void tensors() {
        // snippet: tensors
        Torch.manualSeed(0);                                   // torch.manual_seed(0)
        Tensor x = Torch.randn(4, 3);                          // torch.randn(4, 3)
        Tensor w = Torch.zeros(3, 2).requiresGrad_(true);      // requires_grad_()
        Tensor loss = x.matmul(w).sub(1).pow(2).mean();        // ((x @ w - 1) ** 2).mean()
        loss.backward();
        float[] grad = w.grad().toFloatArray();                // w.grad.numpy().ravel()
        Tensor both = Torch.cat(List.of(x, x), 0);             // torch.cat([x, x], 0)
        // end snippet
        assertEquals(6, grad.length);
        assertArrayEquals(new long[] {8, 3}, both.shape());
    }

    @Test
    void modules() {
        // snippet: modules
        Module model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        model.namedParameters().keySet();      // [0.weight, 0.bias, 2.weight, 2.bias]
        model.setSubmodule("2", new Linear(128, 5));          // replace the head
        model.getSubmodule("0").requiresGrad(false);           // freeze the first layer
        Tensor logits = NoGrad.run(() -> model.eval().forward(Torch.randn(2, 784)));
        // end snippet
        assertArrayEquals(new long[] {2, 5}, logits.shape());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
        assertTrue(!model.namedParameters().get("0.weight").requiresGrad());
    }

    @Test
    void scopes() {
        Module model = new Sequential(new Linear(8, 1));
        Tensor x = Torch.randn(16, 8);
        Tensor y = Torch.randn(16, 1);
        double lastLoss = 0;
        // snippet: scopes
        for (int step = 0; step < 100; step++) {
            try (TensorScope scope = TensorScope.open()) {     // frees every temporary of the step
                model.zeroGrad();
                Tensor loss = model.forward(x).sub(y).pow(2).mean();
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Tensor p : model.parameters()) {
                        p.add_(p.grad(), -0.1);                // p -= 0.1 * p.grad
                    }
                }
                lastLoss = loss.item();                        // primitives escape the scope
            }
        }
        // end snippet
        assertTrue(lastLoss < 2.0, "loss " + lastLoss);
    }

    /** The book's Dice loss as a user class: a few lines over tensor ops, autograd does the rest. */
    // snippet: loss-class
    static final class MyDiceLoss extends Loss {
        @Override
        public Tensor forward(Tensor input, Tensor target) {
            Tensor p = input.sigmoid();
            Tensor intersection = p.mul(target).sum();
            return intersection.mul(2).add(1).div(p.sum().add(target.sum()).add(1)).rsub(1);
        }
    }
    // end snippet

    @Test
    void losses() {
        Tensor logits = Torch.randn(4, 1, 8, 8).requiresGrad_(true);
        Tensor mask = Torch.randint(0, 2, 4, 1, 8, 8).to(dev.trainkit.tensor.DType.FLOAT32);
        // snippet: losses
        LossFunction myLoss = (output, target) -> output.sub(target).pow(2).mean();  // a lambda is a loss
        Loss dice = new MyDiceLoss();
        Loss combo = dice.times(0.5).plus(new BCEWithLogitsLoss());                 // 0.5 * dice + bce
        Loss ce = Losses.create("CrossEntropyLoss(label_smoothing=0.1)");          // spec strings
        Loss library = new DiceLoss(Mode.BINARY);                                   // docs/PARITY.md's Dice
        combo.apply(logits, mask).backward();
        // end snippet
        assertTrue(logits.grad() != null);
        assertEquals(myLoss.apply(mask, mask).item(), 0.0);
        assertTrue(ce instanceof CrossEntropyLoss);
        assertTrue(library.apply(logits, mask).item() >= 0);
    }

    @Test
    void optimizersAndSchedules() {
        Module model = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 2));
        Tensor x = Torch.randn(32, 8);
        Tensor y = Torch.randint(0, 2, 32);
        Loss criterion = new CrossEntropyLoss();
        // snippet: optim
        Optimizer opt = new SGD(List.of(                                 // per-group learning rates
                ParamGroupSpec.of(model.getSubmodule("0").parameters()).with("lr", 0.01),
                ParamGroupSpec.of(model.getSubmodule("2").parameters())),
            Map.of("lr", 0.1, "momentum", 0.9));
        LRScheduler sched = Schedulers.create("OneCycleLR(max_lr=[0.05, 0.5], total_steps=100)", opt);
        for (int step = 0; step < 100; step++) {
            try (TensorScope scope = TensorScope.open()) {
                opt.zeroGrad();
                criterion.apply(model.forward(x), y).backward();
                ClipGrad.clipGradNorm_(model.parameters(), 1.0);
                opt.step();
                sched.step();
            }
        }
        // end snippet
        assertEquals(2, sched.getLastLr().size());
    }

    @Test
    void customSchedules() {
        Optimizer opt = new SGD(new Linear(2, 2).parameters(), 0.1);
        int epoch = 31;
        // snippet: custom-schedule
        LRScheduler lambda = new LambdaLR(opt, e -> Math.pow(0.1, e / 30));              // a Java lambda
        LRScheduler spec = Schedulers.create("LambdaLR(lr_lambda='0.1 ** (epoch // 30)')", opt);
        for (ParamGroup<?> g : opt.paramGroups()) {                                // or set it by hand
            g.setLr(0.1 * Math.pow(0.1, epoch / 30));                             // adjust_learning_rate
        }
        // end snippet
        assertEquals(0.01, opt.paramGroups().get(0).lr(), 1e-12);
        assertTrue(lambda != spec);
    }

    @Test
    void mixedPrecision() {
        Module model = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 2));
        Tensor x = Torch.randn(32, 8);
        Tensor y = Torch.randint(0, 2, 32);
        Loss criterion = new CrossEntropyLoss();
        Optimizer opt = Optimizers.create("AdamW(lr=1e-3, weight_decay=0.05)", model.parameters());
        // snippet: amp
        Precision precision = Precision.of("16-mixed");         // 32, bf16-mixed, 16-mixed, bf16-true, 16-true
        GradScaler scaler = precision.newGradScaler();           // a pass-through unless 16-mixed
        try (TensorScope scope = TensorScope.open()) {
            opt.zeroGrad();
            Tensor loss;
            try (Autocast ac = precision.autocast(Device.CPU)) {   // with torch.autocast("cpu", torch.float16):
                loss = criterion.apply(model.forward(x), y);
            }
            scaler.scale(loss).backward();
            scaler.unscale_(opt);                                // clip real gradients, not scaled ones
            ClipGrad.clipGradNorm_(model.parameters(), 1.0);
            scaler.step(opt);                                    // skipped if a gradient is inf/NaN
            scaler.update();
        }
        // true half precision: bf16 parameters, fp32 master weights and optimizer state
        HalfPrecision half = HalfPrecision.wrap(model, DType.BFLOAT16,
                masters -> Optimizers.create("Adam(lr=1e-3)", masters));
        // end snippet
        assertEquals(DType.BFLOAT16, model.parameters().get(0).dtype());
        assertEquals(DType.FLOAT32, half.masterParams().get(0).dtype());
    }

    @Test
    void trainer(@TempDir Path runs) {
        Path runDir = runs.resolve("exp1");
        // snippet: trainer
        Module model = ModelSpecs.create("mlp(hidden=[64])", new long[] {1, 28, 28}, 10);
        Trainer trainer = Trainer.builder()
                .maxEpochs(1).maxSteps(20)                              // a short run
                .loss("CrossEntropyLoss(label_smoothing=0.1)")
                .optimizer("AdamW(lr=1e-3, weight_decay=0.05)")
                .scheduler("OneCycleLR(max_lr=0.01)", Interval.STEP)    // total_steps filled in
                .precision("bf16-mixed")
                .metrics(() -> new TopKAccuracy(1))
                .runDir(runDir)                                          // metrics.csv, plots, report.md, checkpoints
                .build();
        try (DataLoader<Sample, Batch> train = DataLoader.of(FashionMNIST.embedded(true)).batchSize(64).shuffle(true).build();
             DataLoader<Sample, Batch> val = DataLoader.of(FashionMNIST.embedded(false)).batchSize(256).build()) {
            FitResult result = trainer.fit(model, train, val);
            System.out.println(result.metrics());                       // {val_loss=..., val_acc=..., ...}
        }
        // end snippet
        assertTrue(java.nio.file.Files.exists(runDir.resolve("report.md")));
    }

    @Test
    void fineTuning(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("finetuned.pth");
        // snippet: finetune
        Module model = Models.create("resnet18");                // or Pretrained.load(ResNet18Weights.IMAGENET1K_V1)
        Heads.replace(model, 4);                                  // model.fc = nn.Linear(512, 4)
        Freezer.freezeAllExcept(model, BatchNormStats.LOCKED, "fc");               // backbone and its BatchNorm statistics frozen
        List<ParamGroupSpec> groups = ParamGroups.of(model)
                .blocks(ModelBlocks.of(model))                    // stem, layer1..layer4, head
                .lrMultipliers(1e-3, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0)
                .noWeightDecayOnBiasAndNorm()
                .build();
        Optimizer opt = new AdamW(groups, Map.of("lr", 1e-3, "weight_decay", 0.05));
        // ... train ...
        PthWriter.save(model.stateDict(), out);                   // torch.load(..., weights_only=True) reads it
        // end snippet
        assertTrue(java.nio.file.Files.size(out) > 1_000_000);
        assertEquals(4, model.stateDict().get("fc.weight").size(0));
        assertTrue(opt.paramGroups().size() >= 7);
    }

    @Test
    void augmentation() {
        Tensor img = Torch.randint(0, 256, 3, 48, 40).to(DType.UINT8);
        Tensor images = Torch.rand(4, 3, 32, 32);
        Tensor labels = Torch.tensor(new long[] {3, 1, 4, 1}, 4);
        // snippet: augment
        Transform train = Transforms.create("Compose([RandomResizedCrop(32), RandomHorizontalFlip(),"
                + " TrivialAugmentWide(), ToTensor(), Normalize(mean=[0.5], std=[0.5]), RandomErasing(p=0.25)])");
        Tensor x = train.apply(img);                                // uint8 [3, H, W] in, float [3, 32, 32] out
        BatchTransform mix = MixupCutmix.of(10, 0.2, 1.0);          // train.py --mixup-alpha 0.2 --cutmix-alpha 1.0
        MixedBatch m = mix.apply(images, labels);                   // labels int64 [N] -> soft targets [N, 10]
        Module model = Models.create("resnet18(num_classes=10)");
        Tensor loss = new CrossEntropyLoss().labelSmoothing(0.1).forward(model.forward(m.images()), m.targets());
        // end snippet
        assertArrayEquals(new long[] {3, 32, 32}, x.shape());
        assertArrayEquals(new long[] {4, 10}, m.targets().shape());
        assertTrue(loss.item() > 0);
    }

    @Test
    void vitAndFeatures() {
        Tensor images = Torch.randn(1, 3, 64, 64);
        // snippet: vit-features
        Module vit = Models.create("vit_b_32(image_size=96, num_classes=10)");   // torchvision.models.vit_b_32(...)
        Map<String, Tensor> at224 = Models.create("vit_b_32(num_classes=10)").stateDict();
        vit.loadStateDict(at224, true);            // pos_embedding 7x7 -> 3x3 patch grid (bicubic), logged at INFO
        Module resnet = Models.create("resnet50");
        Map<String, Tensor> f = Features.extract(resnet, images, "layer2", "layer4");  // [N, 512, H/8, W/8], [N, 2048, H/32, W/32]
        long stride = Features.stages(resnet).get(4).reduction();                     // 32, as timm's feature_info
        // end snippet
        assertArrayEquals(new long[] {1, 10, 768}, vit.stateDict().get("encoder.pos_embedding").shape());
        assertArrayEquals(new long[] {1, 2048, 2, 2}, f.get("layer4").shape());
        assertEquals(32, stride);
    }
}
