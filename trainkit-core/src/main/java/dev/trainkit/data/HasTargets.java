package dev.trainkit.data;

/**
 * A dataset whose labels can be read without loading the inputs, as torchvision datasets expose
 * {@code dataset.targets}. Helpers such as {@link Datasets#selectClasses} and
 * {@link Datasets#takePerClass} use it so that filtering an image folder does not decode every
 * image.
 *
 * <pre>{@code
 * long y = ((HasTargets) FashionMNIST.embedded(true)).target(0);   // dataset.targets[0]
 * }</pre>
 */
public interface HasTargets {

    /** The label of item {@code index}, equal to {@code get(index).label()}. */
    long target(int index);
}
