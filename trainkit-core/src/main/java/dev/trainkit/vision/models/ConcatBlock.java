package dev.trainkit.vision.models;

/**
 * A block whose output concatenates parallel branches on the channel dimension (SqueezeNet's Fire,
 * the Inception blocks, DenseNet's dense block, ShuffleNet V2's unit), so its channels are not
 * those of its last layer: {@link FeatureStages} asks the block instead, and takes its stride as
 * the largest of its branches' rather than their product.
 */
interface ConcatBlock {
    /** Channels of the concatenated output. */
    long outChannels();
}
