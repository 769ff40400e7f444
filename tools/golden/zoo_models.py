"""The torchvision 0.14 classification builders that TrainKit's model zoo mirrors.

Shared by gen_zoo_keys.py, gen_zoo_parity.py and gen_zoo_weights.py so the three agree on
the list. Order: as TrainKit's Models registry lists them (families together).
"""

MODELS = [
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d",
    "wide_resnet50_2", "wide_resnet101_2",
    "alexnet",
    "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "squeezenet1_0", "squeezenet1_1",
    "densenet121", "densenet161", "densenet169", "densenet201",
    "inception_v3", "googlenet",
    "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
    "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
    "mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3",
    "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
    "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
    "efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l",
    "convnext_tiny", "convnext_small", "convnext_base", "convnext_large",
    "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf",
    "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf",
    "regnet_x_16gf", "regnet_x_32gf",
    "swin_t", "swin_s", "swin_b",
    "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14",
]


def build(name, **kwargs):
    """torchvision's builder with random init (weights=None); silences init-time warnings."""
    import warnings

    import torchvision.models as tvm

    if name in ("inception_v3", "googlenet"):
        kwargs.setdefault("init_weights", True)  # silences the FutureWarning; True is the default
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(tvm, name)(weights=None, **kwargs)


# TrainKit's feature stages (Features.names) of one or more builders per family: torchvision module
# paths, as create_feature_extractor(model, return_nodes=...) takes them (a module's path means
# its output). Shared by gen_zoo_features.py (names, shapes, strides) and gen_zoo_parity.py (values).
FEATURE_NODES = {
    "resnet18": ["relu", "layer1", "layer2", "layer3", "layer4"],
    "alexnet": ["features.1", "features.4", "features.11", "features.12"],
    "vgg11": ["features.1", "features.4", "features.9", "features.14", "features.19", "features.20"],
    "vgg11_bn": ["features.2", "features.6", "features.13", "features.20", "features.27", "features.28"],
    "squeezenet1_0": ["features.1", "features.5", "features.10", "features.12"],
    "squeezenet1_1": ["features.1", "features.4", "features.7", "features.12"],
    "densenet121": ["features.relu0", "features.denseblock1", "features.denseblock2", "features.denseblock3",
                    "features.norm5"],
    "inception_v3": ["Conv2d_2b_3x3", "Conv2d_4a_3x3", "Mixed_5d", "Mixed_6e", "Mixed_7c"],
    "googlenet": ["conv1", "conv3", "inception3b", "inception4e", "inception5b"],
    "shufflenet_v2_x0_5": ["conv1", "maxpool", "stage2", "stage3", "conv5"],
    "mobilenet_v2": ["features.1", "features.3", "features.6", "features.13", "features.18"],
    "mobilenet_v3_small": ["features.0", "features.1", "features.3", "features.8", "features.12"],
    "mnasnet0_5": ["layers.7", "layers.8", "layers.9", "layers.11", "layers.16"],
    "efficientnet_b0": ["features.1", "features.2", "features.3", "features.5", "features.8"],
    "convnext_tiny": ["features.1", "features.3", "features.5", "features.7"],
    "regnet_x_400mf": ["stem", "trunk_output.block1", "trunk_output.block2", "trunk_output.block3",
                       "trunk_output.block4"],
    "regnet_y_400mf": ["stem", "trunk_output.block1", "trunk_output.block2", "trunk_output.block3",
                       "trunk_output.block4"],
    "swin_t": ["features.1", "features.3", "features.5", "features.7"],
    "vit_b_32": ["encoder.layers.encoder_layer_" + str(i) for i in range(12)] + ["encoder.ln"],
}


def feature_maps(name, model, x):
    """torchvision's outputs of the modules FEATURE_NODES[name] for input x (forward hooks: what
    create_feature_extractor returns for these nodes, which cannot trace shufflenet_v2's
    channel_shuffle in torchvision 0.14; cloned, as later in-place ops such as DenseNet's final ReLU
    would change them), as TrainKit's Features gives them: NCHW maps (Swin's
    channels-last outputs permuted; ViT's tokens without the class token on the patch grid)."""
    nodes = FEATURE_NODES[name]
    out = {}
    handles = [model.get_submodule(n).register_forward_hook(lambda m, i, o, n=n: out.__setitem__(n, o.clone()))
               for n in nodes]
    try:
        model(x)
    finally:
        for h in handles:
            h.remove()
    maps = {}
    for n in nodes:
        t = out[n]
        if name.startswith("swin_"):
            t = t.permute(0, 3, 1, 2)
        elif name.startswith("vit_"):
            gh, gw = x.shape[2] // model.patch_size, x.shape[3] // model.patch_size
            t = t[:, 1:].reshape(t.shape[0], gh, gw, t.shape[2]).permute(0, 3, 1, 2)
        maps[n] = t.contiguous()
    return maps
