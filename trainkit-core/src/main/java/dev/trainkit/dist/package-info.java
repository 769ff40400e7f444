/**
 * Data-parallel training on c10d: rendezvous as torchrun, {@code ProcessGroup} (Gloo; NCCL with
 * the cuda profile), {@code DistributedDataParallel} with PyTorch's gradient buckets, {@code
 * DistributedSampler}, {@code SyncBatchNorm} and the process launcher. PyTorch: {@code
 * torch.distributed}, {@code torch.nn.parallel}.
 */
package dev.trainkit.dist;
