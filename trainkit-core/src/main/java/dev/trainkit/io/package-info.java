/**
 * Reading and writing weights without executing code: a restricted unpickler (what {@code
 * torch.load(weights_only=True)} accepts), {@code .pth} zip and legacy formats, a {@code .pth}
 * writer that {@code torch.load} reads, safetensors and {@code .npy}.
 */
package dev.trainkit.io;
