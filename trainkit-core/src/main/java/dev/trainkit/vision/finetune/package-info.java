/**
 * Fine-tuning zoo models: {@code Pretrained} (hub cache, download, strict load), head replacement
 * ({@code Heads}) and block structure ({@code ModelBlocks}) for gradual unfreezing and layer-wise
 * learning rates.
 */
package dev.trainkit.vision.finetune;
