/**
 * Weight averaging: {@code AveragedModel}, torchvision's {@code ExponentialMovingAverage}, and
 * BatchNorm statistics recomputation ({@code SwaUtils.updateBn}). PyTorch: {@code
 * torch.optim.swa_utils}.
 */
package dev.trainkit.optim.swa;
