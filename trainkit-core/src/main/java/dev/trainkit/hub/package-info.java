/**
 * The torch hub weights cache ({@code $TORCH_HOME/hub/checkpoints}) and resumable, hash-checked
 * downloads written atomically. PyTorch: {@code torch.hub}.
 */
package dev.trainkit.hub;
