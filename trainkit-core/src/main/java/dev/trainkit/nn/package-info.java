/**
 * Modules and layers with PyTorch's names: {@code Module} (import it explicitly, since {@code
 * java.lang.Module} shares the simple name), {@code Parameter}, layers, {@code Init}, and the
 * functional facade {@code F}. PyTorch: {@code torch.nn}, {@code torch.nn.functional}.
 */
package dev.trainkit.nn;
