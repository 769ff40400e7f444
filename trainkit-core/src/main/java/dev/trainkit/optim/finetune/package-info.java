/**
 * Fine-tuning parameter groups: discriminative learning rates, layer-wise decay, no-decay groups,
 * and gradual unfreezing schedules.
 */
package dev.trainkit.optim.finetune;
