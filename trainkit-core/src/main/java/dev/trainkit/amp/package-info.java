/**
 * Mixed and half precision: {@code Autocast} regions, {@code GradScaler} with PyTorch 2.x's loss-
 * scaling rule, {@link dev.trainkit.amp.Precision} (Lightning's names, and {@code auto} chosen
 * from the hardware), and {@code HalfPrecision} (bf16/fp16 parameters with fp32 master weights).
 * PyTorch: {@code torch.autocast}, {@code torch.cuda.amp.GradScaler}.
 */
package dev.trainkit.amp;
