package dev.trainkit.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code trainkit train}, {@code evaluate} and {@code lr-find}. Every option
 * can also come from {@code --config FILE.json|FILE.yaml} under the key in brackets; a flag given on the
 * command line overrides the file. Fields stay null when not given, so the merge can tell.
 */
public final class TrainOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML (.yaml/.yml) file with the same keys as the options (flags override it)")
    Path config;

    @Option(names = "--model", paramLabel = "SPEC", description = "[model] e.g. mlp(hidden=[128]), cnn(channels=[16,32]) or a zoo name")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "[weights] initial weights (.pth, .safetensors or a .ckpt): the backbone loads strictly, the head when its shape matches")
    Path weights;

    @Option(names = "--reset-head", description = "[reset_head] with --weights: keep a fresh head even when the class count matches")
    Boolean resetHead;

    @Option(names = "--head-lr", paramLabel = "LR", description = "[head_lr] learning rate of the classifier head (default: the optimizer's lr)")
    Double headLr;

    @Option(names = "--backbone-lr", paramLabel = "LR", description = "[backbone_lr] learning rate of everything but the head (default: the optimizer's lr)")
    Double backboneLr;

    @Option(names = "--layer-decay", paramLabel = "D", description = "[layer_decay] layer-wise lr decay: block k below the head gets head lr x D^k (zoo models' blocks)")
    Double layerDecay;

    @Option(names = "--data", paramLabel = "SOURCE", description = "[data] fashion-mnist (embedded), fashion-mnist:DIR, or imagefolder:DIR with train/ and val/")
    String data;

    @Option(names = "--image-size", paramLabel = "N", description = "[image_size] Fashion-MNIST: resize to NxN (default 28); ImageFolder: the default crop size (default: the first training image's shorter side)")
    Integer imageSize;

    @Option(names = "--mean", paramLabel = "M,M,M", description = "[mean] per-channel normalisation mean, with --std (default: the --weights run's, else ImageNet's for ImageFolder, none for Fashion-MNIST)")
    String mean;

    @Option(names = "--std", paramLabel = "S,S,S", description = "[std] per-channel normalisation std, with --mean")
    String std;

    @Option(names = "--on-bad-image", paramLabel = "error|skip", description = "[on_bad_image] unreadable ImageFolder images: error (default, naming the file) or skip (left out and counted)")
    String onBadImage;

    @Option(names = "--channels", paramLabel = "1|3", description = "[channels] Fashion-MNIST channels: 1, or 3 via Grayscale(3) (default 1)")
    Integer channels;

    // data augmentation: the data side of torchvision's classification recipe (train.py's flags)
    @Option(names = "--train-crop-size", paramLabel = "N", description = "[train_crop_size] RandomResizedCrop size of ImageFolder training (default: --image-size)")
    Integer trainCropSize;

    @Option(names = "--val-resize-size", paramLabel = "N", description = "[val_resize_size] evaluation Resize of the shorter side (default: round(val crop x 256/224))")
    Integer valResizeSize;

    @Option(names = "--val-crop-size", paramLabel = "N", description = "[val_crop_size] evaluation CenterCrop size (default: the train crop size)")
    Integer valCropSize;

    @Option(names = "--interpolation", paramLabel = "MODE", description = "[interpolation] bilinear (default), bicubic or nearest, for the crops and resizes")
    String interpolation;

    @Option(names = "--auto-augment", paramLabel = "POLICY", description = "[auto_augment] ra, ta_wide, augmix, imagenet, cifar10 or svhn (default: none)")
    String autoAugment;

    @Option(names = "--ra-magnitude", paramLabel = "N", description = "[ra_magnitude] RandAugment magnitude for --auto-augment ra (default 9)")
    Integer raMagnitude;

    @Option(names = "--augmix-severity", paramLabel = "N", description = "[augmix_severity] AugMix severity for --auto-augment augmix (default 3)")
    Integer augmixSeverity;

    @Option(names = "--random-erase", paramLabel = "P", description = "[random_erase] RandomErasing probability after Normalize (default 0: off)")
    Double randomErase;

    @Option(names = "--ra-sampler", description = "[ra_sampler] repeated augmentation: RASampler (each image --ra-reps times, needs >= 256 training images)")
    Boolean raSampler;

    @Option(names = "--ra-reps", paramLabel = "N", description = "[ra_reps] repetitions of --ra-sampler (default 3)")
    Integer raReps;

    @Option(names = "--loss", paramLabel = "SPEC", description = "[loss] default CrossEntropyLoss()")
    String loss;

    @Option(names = "--optimizer", paramLabel = "SPEC", description = "[optimizer] default AdamW(lr=1e-3)")
    String optimizer;

    @Option(names = "--scheduler", paramLabel = "SPEC", description = "[scheduler] e.g. OneCycleLR(max_lr=0.01) (total_steps filled in)")
    String scheduler;

    @Option(names = "--scheduler-interval", paramLabel = "step|epoch", description = "[scheduler_interval] default: step for OneCycleLR/CyclicLR, else epoch")
    String schedulerInterval;

    @Option(names = "--monitor", paramLabel = "METRIC", description = "[monitor] metric for ReduceLROnPlateau and early stopping (default val_loss)")
    String monitor;

    @Option(names = "--epochs", paramLabel = "N", description = "[epochs] default 1")
    Integer epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "[max_steps] stop after N optimizer steps")
    Long maxSteps;

    @Option(names = "--batch-size", paramLabel = "N", description = "[batch_size] default 64")
    Integer batchSize;

    @Option(names = "--num-workers", paramLabel = "N", description = "[num_workers] data loader threads (default 0)")
    Integer numWorkers;

    @Option(names = "--precision", paramLabel = "P", description = "[precision] 32, bf16-mixed, 16-mixed, bf16-true, 16-true, or auto (bf16-mixed with native bf16, else 32; default auto)")
    String precision;

    @Option(names = "--device", paramLabel = "DEV", description = "[device] cpu or cuda:N (default cpu)")
    String device;

    @Option(names = "--freeze", split = ",", paramLabel = "GLOB", description = "[freeze] parameter name globs frozen at the start, e.g. 'layer1.*,conv1'")
    List<String> freeze;

    @Option(names = "--freeze-batch-norm-stats", description = "[freeze_batch_norm_stats] with --freeze: keep the frozen modules' BatchNorm statistics frozen too (eval mode) until they are unfrozen")
    Boolean freezeBatchNormStats;

    @Option(names = "--unfreeze-at", paramLabel = "EPOCH", description = "[unfreeze_at] epoch at which the frozen parameters are unfrozen")
    Integer unfreezeAt;

    @Option(names = "--accumulate", paramLabel = "N", description = "[accumulate] gradient accumulation batches (default 1)")
    Integer accumulate;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "[clip_grad_norm] clip the global gradient norm")
    Double clipGradNorm;

    @Option(names = "--ema", paramLabel = "DECAY", description = "[ema] keep an EMA of the weights and validate with it")
    Double ema;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "[early_stopping] stop after N epochs without improvement of --monitor")
    Integer earlyStopping;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "[checkpoint_every] also write last.ckpt every N steps")
    Integer checkpointEvery;

    @Option(names = "--save-top-k", paramLabel = "K", description = "[save_top_k] keep the K best checkpoints by --monitor (best.ckpt, best.pth)")
    Integer saveTopK;

    @Option(names = "--mode", paramLabel = "min|max", description = "[mode] whether --monitor improves down or up (default: max for *acc*, else min)")
    String mode;

    @Option(names = "--restore-best", description = "[restore_best] end with the best checkpoint's weights (needs --save-top-k)")
    Boolean restoreBest;

    @Option(names = {"--output", "-o"}, paramLabel = "DIR", description = "[output] run directory (default runs/train)")
    Path output;

    @Option(names = "--seed", paramLabel = "N", description = "[seed] default 0")
    Long seed;

    @Option(names = "--resume", paramLabel = "CKPT", description = "[resume] continue from a checkpoint written by trainkit train")
    Path resume;

    @Option(names = "--nproc", paramLabel = "N", description = "[nproc] train data parallel in N local worker processes (each with --batch-size samples per step)")
    Integer nproc;

    @Option(names = "--format", paramLabel = "text|json", description = "[format] output format (default text)")
    String format;

    // ---- torchvision classification recipe, training side (references/classification/train.py names and defaults)

    @Option(names = "--mixup-alpha", paramLabel = "A", description = "[mixup_alpha] MixUp on training batches with Beta(A, A) (default 0.0: off; with --cutmix-alpha one of the two per batch)")
    Double mixupAlpha;

    @Option(names = "--cutmix-alpha", paramLabel = "A", description = "[cutmix_alpha] CutMix on training batches with Beta(A, A) (default 0.0: off)")
    Double cutmixAlpha;

    @Option(names = "--label-smoothing", paramLabel = "EPS", description = "[label_smoothing] CrossEntropyLoss(label_smoothing=EPS), in [0, 1) (default 0.0)")
    Double labelSmoothing;

    @Option(names = "--model-ema", description = "[model_ema] torchvision's EMA of the weights: val_* and ema_val_*, model_ema.pth")
    Boolean modelEma;

    @Option(names = "--model-ema-steps", paramLabel = "N", description = "[model_ema_steps] update the EMA every N optimizer steps of an epoch (default 32)")
    Integer modelEmaSteps;

    @Option(names = "--model-ema-decay", paramLabel = "D", description = "[model_ema_decay] EMA decay before the reference's adjustment for world size, batch size, steps and epochs (default 0.99998)")
    Double modelEmaDecay;

    @Option(names = "--lr-warmup-epochs", paramLabel = "N", description = "[lr_warmup_epochs] warmup epochs in front of --scheduler (SequentialLR, epoch steps; default 0)")
    Integer lrWarmupEpochs;

    @Option(names = "--lr-warmup-method", paramLabel = "linear|constant", description = "[lr_warmup_method] LinearLR or ConstantLR warmup (default constant)")
    String lrWarmupMethod;

    @Option(names = "--lr-warmup-decay", paramLabel = "F", description = "[lr_warmup_decay] the warmup's start_factor (linear) or factor (constant) (default 0.01)")
    Double lrWarmupDecay;

    @Option(names = "--norm-weight-decay", paramLabel = "WD", description = "[norm_weight_decay] weight decay of normalization layers' parameters (default: the optimizer's)")
    Double normWeightDecay;

    @Option(names = "--bias-weight-decay", paramLabel = "WD", description = "[bias_weight_decay] weight decay of parameters named bias (default: the optimizer's)")
    Double biasWeightDecay;

    @Option(names = "--transformer-embedding-decay", paramLabel = "WD", description = "[transformer_embedding_decay] weight decay of class_token, position_embedding, relative_position_bias_table (default: the optimizer's)")
    Double transformerEmbeddingDecay;

    @Option(names = "--sync-bn", description = "[sync_bn] with --nproc > 1: convert BatchNorm layers to SyncBatchNorm")
    Boolean syncBn;

    @Option(names = "--swa-lrs", paramLabel = "LR", description = "[swa_lrs] stochastic weight averaging with SWALR to this lr (Lightning's StochasticWeightAveraging; a TrainKit extension)")
    Double swaLrs;

    @Option(names = "--swa-epoch-start", paramLabel = "E", description = "[swa_epoch_start] with --swa-lrs: first SWA epoch, an integer or a fraction of --epochs (default 0.8)")
    String swaEpochStart;
}
