/**
 * The tensor layer over libtorch: {@code Tensor}, {@code Torch} (creation and free functions),
 * {@code DType}, {@code Device}, {@code TensorScope} (deterministic native memory, see
 * docs/ARCHITECTURE.md), {@code NoGrad}, and {@code NativeInterop}, the one internal escape hatch
 * to bytedeco types.
 */
package dev.trainkit.tensor;
